using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;
using DataLocal.Common.Query;
using DataLocal.DataNode.Compute;

namespace DataLocal.Tests.Compute;

/// <summary>
/// Runs a query the way the cluster will: split the file into blocks at row-group boundaries, give each task
/// only its block's bytes plus the footer, check the query against the footer and skip blocks the statistics
/// rule out (unless <c>prune</c> is false: then only the tasks check), ship each partial result through its
/// byte form, and merge.
/// </summary>
internal static class EngineHarness
{
    public const long WholeFile = long.MaxValue / 2;

    public static readonly long[] BlockSizes = [WholeFile, 64 * 1024, 16 * 1024, 4 * 1024];

    public static async Task<QueryResult> RunAsync(string sql, string path, long blockSize, bool prune = true)
    {
        var plan = QueryPlan.Parse(sql);
        var (partials, _) = await RunTasksAsync(plan, path, blockSize, prune);
        var schema = ParquetQuerySchema.FromFooter(ParquetFooterReader.Read(path).Footer);
        return ResultMerger.Merge(plan, partials, [.. schema.Columns.Select(c => c.Name)]);
    }

    public static async Task<(List<PartialResult> Partials, List<TaskOutput> Outputs)> RunTasksAsync(
        QueryPlan plan, string path, long blockSize, bool prune = true, ComputeOptions? options = null)
    {
        var layout = ParquetFooterReader.Read(path);
        var bytes = await File.ReadAllBytesAsync(path);
        // As the namenode: names and types checked against the footer first, then blocks pruned with its kinds.
        var schema = ParquetQuerySchema.FromFooter(layout.Footer);
        if (prune)
        {
            plan.Check(schema);
        }
        var partials = new List<PartialResult>();
        var outputs = new List<TaskOutput>();
        foreach (var block in ParquetBlockSplitter.Split(layout, blockSize))
        {
            var statistics = block.Columns
                .Select(c => new ColumnStatisticsInfo(c.Column, c.Min, c.Max, c.NullCount))
                .ToArray();
            if (prune && !plan.MightMatch(statistics, schema))
            {
                continue;
            }
            var blockBytes = bytes.AsSpan((int)block.Offset, (int)block.Length).ToArray();
            var input = BlockInput.FromBytes(
                blockBytes, block.Offset, layout.FileLength, layout.Footer, block.FirstRowGroup, block.RowGroupCount);
            var output = await BlockQueryExecutor.ExecuteAsync(plan, input, options ?? ComputeOptions.Default, CancellationToken.None);
            outputs.Add(output);
            partials.Add(PartialResult.FromBytes(output.Result.ToBytes()));
        }
        return (partials, outputs);
    }
}
