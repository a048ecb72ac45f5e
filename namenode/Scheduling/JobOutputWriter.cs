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

/// <summary>
/// Responsible for the files a job with an output path writes: hands each writing task a block whose
/// first replica is on the task's own node, and makes the part files visible only when the whole
/// job has succeeded (a failed or killed job leaves no output, and its blocks are deleted).
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
        blockMap.AddBlock(blockId);
        return (blockId, pipeline);
    }

    /// <summary>Makes every part file visible at once; returns (path, rows) per part for the job's result.</summary>
    public JobResult Commit(Job job)
    {
        var rows = new List<IReadOnlyList<string?>>();
        namespaceManager.Mkdirs(job.OutputPath!, parents: true);
        foreach (var task in job.Tasks.Where(t => t.Output is { RowCount: > 0 }))
        {
            var output = task.Output!;
            var path = DataLocalPath.Combine(job.OutputPath!, string.Create(CultureInfo.InvariantCulture, $"part-{task.Index:D5}.parquet"));
            namespaceManager.CommitFile(new INodeRecord
            {
                Path = path,
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
            }, overwrite: false);
            rows.Add([path, output.RowCount.ToString(CultureInfo.InvariantCulture)]);
        }
        // Blocks of attempts that lost the race or wrote nothing worth keeping.
        Discard(job.Tasks.SelectMany(t => t.OutputBlocks).Where(id => !job.Tasks.Any(t => t.Output is { RowCount: > 0 } o && o.BlockId == id)));
        return new JobResult(["file", "rows"], rows);
    }

    public void Discard(IEnumerable<long> blocks) => invalidator.Invalidate(blocks);
}
