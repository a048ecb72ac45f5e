using System.Globalization;
using DataLocal.Common.Paths;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>A Parquet part file a task wrote into the cluster, as one block.</summary>
public sealed record TaskOutputFile(long BlockId, long Length, long RowCount, int RowGroupCount, byte[] Footer, IReadOnlyList<ColumnStatisticsRecord> Columns);

/// <summary>A part a task wrote, to become part-NNNNN.parquet of the output directory.</summary>
public sealed record StagedPart(int TaskIndex, TaskOutputFile Output);

/// <summary>What a finished job with an output path wrote, taken under the scheduler's lock: its parts with rows, and every output block its attempts were given.</summary>
public sealed record StagedOutput(string OutputPath, IReadOnlyList<StagedPart> Parts, IReadOnlyList<long> AllBlocks, string? Owner = null);

/// <summary>
/// Responsible for the files a job with an output path writes: hands each writing task a block whose
/// first replica is on the task's own node, and makes the part files visible together, in one
/// transaction, only when the whole job has succeeded (a failed or killed job leaves no output, and
/// its blocks are deleted).
/// </summary>
public sealed class JobOutputWriter(
    NamespaceManager namespaceManager,
    BlockIdGenerator blockIds,
    BlockMap blockMap,
    BlockInvalidator invalidator,
    DatanodeRegistry registry,
    ReplicaPlacementPolicy placement,
    IOptions<NameNodeOptions> options)
{
    /// <summary>Checks the output path can be created: it must not exist yet, and its parent must be a directory if it exists.</summary>
    public string CheckOutputPath(string path)
    {
        var normalized = DataLocalPath.Normalize(path);
        if (namespaceManager.Find(normalized) is not null)
        {
            throw new InvalidQueryException($"--output {normalized}: File exists; choose a new directory or delete it first");
        }
        namespaceManager.CheckCreatable(DataLocalPath.Combine(normalized, "part-00000.parquet"), overwrite: false);
        return normalized;
    }

    /// <summary>A new block and its pipeline, the writing node first (HDFS's writer-local placement).</summary>
    public (long BlockId, IReadOnlyList<DatanodeDescriptor> Pipeline) Allocate(string writerNodeId)
    {
        var live = registry.WritableNodes();
        var pipeline = placement.Choose(live, Math.Min(options.Value.DefaultReplication, live.Count), options.Value.DefaultBlockSize,
            new HashSet<string>(StringComparer.Ordinal), writerNodeId);
        var blockId = blockIds.Next();
        blockMap.AddNewBlock(blockId);
        return (blockId, pipeline);
    }

    /// <summary>The marker file a committed output directory holds, as Hadoop's FileOutputCommitter writes it.</summary>
    public const string SuccessMarker = "_SUCCESS";

    /// <summary>
    /// Makes every part file and the <see cref="SuccessMarker"/> visible at once, in one metadata
    /// transaction, and returns them. Until then the parts are staged with the job: their blocks are
    /// on the datanodes, but no path names them, so a failed or killed job (or a namenode that dies)
    /// leaves nothing visible to clean up. When the commit is refused (the output path appeared
    /// meanwhile) it throws and nothing is changed; the caller discards the blocks. Called outside
    /// the scheduler's lock, with what the job's tasks wrote taken under it.
    /// </summary>
    public IReadOnlyList<INodeRecord> Commit(StagedOutput staged)
    {
        var files = staged.Parts.Select(part => PartFile(staged.OutputPath, part.TaskIndex, part.Output)).ToList();
        files.ForEach(blockMap.StampBlocks);
        files.Add(new INodeRecord { Path = DataLocalPath.Combine(staged.OutputPath, SuccessMarker), Replication = options.Value.DefaultReplication });
        // The submitter owns what their job wrote, as they would had they written it themselves.
        namespaceManager.CommitDirectory(staged.OutputPath, files, staged.Owner);
        return files;
    }

    /// <summary>
    /// After <see cref="Commit"/>: the committed blocks are expected at their replication, the blocks
    /// of attempts that lost the race or wrote nothing worth keeping go; returns (path, rows) per part
    /// for the job's result.
    /// </summary>
    public JobResult AfterCommit(StagedOutput staged, IReadOnlyList<INodeRecord> files)
    {
        foreach (var file in files)
        {
            blockMap.Expect(file.Replication, file.Blocks.Select(b => (b.BlockId, b.Length)));
        }
        var kept = staged.Parts.Select(p => p.Output.BlockId).ToHashSet();
        Discard(staged.AllBlocks.Where(id => !kept.Contains(id)));
        return new JobResult(["file", "rows"], [.. files.Take(staged.Parts.Count).Select(f => (IReadOnlyList<string?>)[f.Path, f.Blocks[0].RowCount.ToString(CultureInfo.InvariantCulture)])],
            [ResultColumnType.Text, ResultColumnType.Number]);
    }

    private INodeRecord PartFile(string directory, int taskIndex, TaskOutputFile output) => new()
    {
        Path = DataLocalPath.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"part-{taskIndex:D5}.parquet")),
        Length = output.Length,
        Replication = options.Value.DefaultReplication,
        BlockSize = options.Value.DefaultBlockSize,
        IsParquet = true,
        ParquetFooter = output.Footer,
        Blocks =
        [
            new BlockRecord
            {
                BlockId = output.BlockId,
                Length = output.Length,
                RowGroupCount = output.RowGroupCount,
                RowCount = output.RowCount,
                Columns = [.. output.Columns],
            },
        ],
    };

    public void Discard(IEnumerable<long> blocks) => invalidator.Invalidate(blocks);
}
