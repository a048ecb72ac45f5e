using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using DataLocal.NameNode.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// The real scheduler of one schedule of a scheduler scenario: JobManager, DatanodeRegistry and
/// BlockMap over a shared in-memory store, with datanodes that each hold a replica of every block.
/// </summary>
internal sealed class SchedulerCore
{
    private static readonly HttpClient SharedHttp = new();

    public SchedulerCore(MetadataStore store, JobHistory history, IJobQueryParser parser, IReadOnlyList<string> nodes, IReadOnlyList<long> blockIds)
    {
        Registry = new DatanodeRegistry(Time);
        Blocks = new BlockMap();
        Options = Microsoft.Extensions.Options.Options.Create(new NameNodeOptions
        {
            MaxTaskAttempts = 4,
            TaskLivenessTimeout = TimeSpan.FromMinutes(10),
            TaskTimeout = TimeSpan.FromMinutes(10),
            JobTimeout = TimeSpan.FromHours(1),
            MaxRunningJobs = 2,
            DeadNodeTimeout = TimeSpan.FromSeconds(10),
            DefaultReplication = 1,
        });
        Namespace = new NamespaceManager(store, Time);
        foreach (var node in nodes)
        {
            Registry.Register(node, "http://" + node, "/default-rack", 100, 0, 100);
            Registry.MarkBlockReportReceived(node);
        }
        foreach (var blockId in blockIds)
        {
            Blocks.AddBlock(blockId, GenerationStamps.None);
            foreach (var node in nodes)
            {
                Blocks.AddReplica(blockId, node);
            }
        }
        Jobs = new JobManager(parser, new JobPlanner(Namespace, new ExternalParquetSource(SharedHttp), new ExternalSourcePolicy(Options, Registry)), new ClusterReplicaOracle(Blocks, Registry, Options),
            Registry, history,
            new JobOutputWriter(Namespace, new BlockIdGenerator(store), Blocks, new BlockInvalidator(Blocks, new PendingDeletions()), Registry, new ReplicaPlacementPolicy(new Random(1)), Options),
            Options, Time, NullLogger<JobManager>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DatanodeRegistry Registry { get; }

    public BlockMap Blocks { get; }

    public NamespaceManager Namespace { get; }

    public IOptions<NameNodeOptions> Options { get; }

    public JobManager Jobs { get; }

    /// <summary>Stores /t.parquet, of one block per id (ids 1, 2, ...), as the scenarios' input.</summary>
    public static void CommitInput(MetadataStore store, int blocks) =>
        new NamespaceManager(store, TimeProvider.System).CommitFile(new INodeRecord
        {
            Path = "/t.parquet",
            IsParquet = true,
            Length = blocks * 100,
            ParquetFooter = [1, 2, 3],
            Blocks = [.. Enumerable.Range(1, blocks).Select(id => new BlockRecord
            {
                BlockId = id, Offset = (id - 1) * 100, Length = 100, FirstRowGroup = id - 1, RowGroupCount = 1, RowCount = 10,
            })],
        }, overwrite: false);

    /// <summary>What an executor reports for an attempt: a one-byte partial when it succeeded.</summary>
    public static TaskOutcome Outcome(AssignedTask task, bool succeeded, TaskOutputFile? output = null) =>
        new(task.Job.Id, task.Task.Index, task.Attempt.Attempt, task.Attempt.NodeId, succeeded, false, succeeded ? null : "disk on fire",
            succeeded ? [1] : null, 100, 0, 10, 1, TimeSpan.FromSeconds(1), output);
}
