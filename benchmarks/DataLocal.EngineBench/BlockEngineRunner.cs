using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using DataLocal.DataNode.Compute;

namespace DataLocal.EngineBench;

/// <summary>
/// DataLocal's block engine alone, on one core: the file split into blocks of one row group each (as the
/// cluster splits it), the plan checked and blocks pruned against the footer as the namenode does, then every
/// remaining block's task run one after another from the block's bytes plus the footer, each partial result
/// through its byte form, and the partials merged. No network, no scheduling: what a datanode's CPU does.
/// </summary>
public sealed class BlockEngineRunner
{
    /// <summary>How tasks decode (e.g. <see cref="ComputeOptions.ParquetNetOnly"/> to compare decoders).</summary>
    public ComputeOptions Options { get; init; } = ComputeOptions.Default;

    private readonly ParquetFileLayout layout;
    private readonly QuerySchema schema;
    private readonly List<(BlockRange Range, byte[] Bytes)> blocks = [];

    public BlockEngineRunner(string path)
    {
        layout = ParquetFooterReader.Read(path);
        schema = ParquetQuerySchema.FromFooter(layout.Footer);
        var bytes = File.ReadAllBytes(path);
        foreach (var block in ParquetBlockSplitter.Split(layout, 1))
        {
            blocks.Add((block, bytes.AsSpan((int)block.Offset, (int)block.Length).ToArray()));
        }
    }

    public int BlockCount => blocks.Count;

    public async Task<QueryResult> RunAsync(string sql)
    {
        var plan = QueryPlan.Parse(sql);
        plan.Check(schema);
        var partials = new List<PartialResult>();
        foreach (var (block, bytes) in blocks)
        {
            var statistics = block.Columns.Select(c => new ColumnStatisticsInfo(c.Column, c.Min, c.Max, c.NullCount)).ToArray();
            if (!plan.MightMatch(statistics, schema))
            {
                continue;
            }
            var input = BlockInput.FromBytes(bytes, block.Offset, layout.FileLength, layout.Footer, block.FirstRowGroup, block.RowGroupCount);
            var output = await BlockQueryExecutor.ExecuteAsync(plan, input, Options, CancellationToken.None).ConfigureAwait(false);
            partials.Add(PartialResult.FromBytes(output.Result.ToBytes()));
        }
        return ResultMerger.Merge(plan, partials, [.. schema.Columns.Select(c => c.Name)]);
    }
}
