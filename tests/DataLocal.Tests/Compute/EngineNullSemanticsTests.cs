using DataLocal.Common.Query;
using DataLocal.DataNode.Compute;

namespace DataLocal.Tests.Compute;

/// <summary>
/// NULL semantics of the vectorised evaluator on real data: <c>sort_columns.parquet</c> has 6 rows, column
/// <c>a</c> 4 non-null values (1, 1, 2, 2 in some order: sum 6) and <c>b</c> none null.
/// </summary>
public sealed class EngineNullSemanticsTests
{
    private static Task<QueryResult> Run(string sql, long blockSize = EngineHarness.WholeFile) =>
        EngineHarness.RunAsync(sql, TestData.Parquet("sort_columns.parquet"), blockSize);

    [Theory]
    [InlineData("a = 1 OR a != 1", "4")]
    [InlineData("NOT (a = 1) OR a = 1", "4")]
    [InlineData("a IS NULL", "2")]
    [InlineData("a IS NOT NULL", "4")]
    [InlineData("a IN (1, NULL)", "2")]
    [InlineData("a NOT IN (1, NULL)", "0")]
    [InlineData("a NOT IN (1)", "2")]
    [InlineData("a BETWEEN 1 AND 2", "4")]
    [InlineData("NOT (a BETWEEN 5 AND 6)", "4")]
    [InlineData("a = NULL", "0")]
    [InlineData("a + 1 > 0", "4")]
    [InlineData("(a = 1) IS NULL", "2")]
    [InlineData("a IS NULL OR a = 2", "4")]
    [InlineData("a = 2 AND b IS NOT NULL", "2")]
    public async Task Execute_NullComparisons_AreUnknownAndFiltered(string condition, string count)
    {
        foreach (var size in new[] { EngineHarness.WholeFile, 512L })
        {
            Assert.Equal(count, (await Run($"SELECT count(*) FROM /d/x WHERE {condition}", size)).ToText());
        }
    }

    [Fact]
    public async Task Execute_AggregatesOverOnlyNulls_AreNullExceptCounts()
    {
        var result = await Run("SELECT count(*), count(a), sum(a), min(a), max(a), avg(a) FROM /d/x WHERE a IS NULL");
        Assert.Equal("2,0,NULL,NULL,NULL,NULL", result.ToText());
    }

    [Fact]
    public async Task Execute_Aggregates_SkipNulls()
    {
        var result = await Run("SELECT count(*), count(a), sum(a), min(a), max(a), avg(a) FROM /d/x");
        Assert.Equal("6,4,6,1,2,1.5", result.ToText());
    }

    [Fact]
    public async Task Execute_GroupByNullableColumn_NullIsOneGroupSortedLast()
    {
        var ascending = await Run("SELECT a, count(*) FROM /d/x GROUP BY a ORDER BY a", 512);
        Assert.Equal("1,2 ; 2,2 ; NULL,2", ascending.ToText());
        var descending = await Run("SELECT a, count(*) AS n FROM /d/x GROUP BY a ORDER BY a DESC", 512);
        Assert.Equal("2,2 ; 1,2 ; NULL,2", descending.ToText());
    }

    [Fact]
    public async Task Execute_RowsWithOrderAndLimit_TasksKeepTopN()
    {
        var plan = QueryPlan.Parse("SELECT a, b FROM /d/x ORDER BY a DESC, b LIMIT 1");
        var (partials, outputs) = await EngineHarness.RunTasksAsync(plan, TestData.Parquet("sort_columns.parquet"), 512);
        Assert.True(partials.Count > 1);
        Assert.All(partials, p => Assert.True(p.Rows.Count <= 1));
        Assert.Equal(6, outputs.Sum(o => o.RowsIn));
        var result = ResultMerger.Merge(plan, partials);
        Assert.Equal(2L, Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task Execute_TaskOutput_CountsRowsInAndOut()
    {
        var plan = QueryPlan.Parse("SELECT count(*) FROM /d/x WHERE a = 1");
        var (_, outputs) = await EngineHarness.RunTasksAsync(plan, TestData.Parquet("sort_columns.parquet"), EngineHarness.WholeFile, prune: false);
        var output = Assert.Single(outputs);
        Assert.Equal(6, output.RowsIn);
        Assert.Equal(2, output.RowsOut);
    }

    [Fact]
    public async Task Execute_Pruning_SkipsBlocksButKeepsResult()
    {
        var path = TestData.Parquet("file_row_number.parquet");
        const string sql = "SELECT count(*), sum(seq) FROM /d/x WHERE seq BETWEEN 2500 AND 3499";
        var plan = QueryPlan.Parse(sql);
        var (pruned, _) = await EngineHarness.RunTasksAsync(plan, path, 8 * 1024, prune: true);
        var (all, _) = await EngineHarness.RunTasksAsync(plan, path, 8 * 1024, prune: false);
        Assert.True(pruned.Count < all.Count);
        Assert.Equal(ResultMerger.Merge(plan, all).ToText(), ResultMerger.Merge(plan, pruned).ToText());
        Assert.Equal("1000,2999500", ResultMerger.Merge(plan, pruned).ToText());
    }

    [Fact]
    public async Task Execute_WholeFileStream_RunsRowGroupRange()
    {
        await using var file = File.OpenRead(TestData.Parquet("file_row_number.parquet"));
        var plan = QueryPlan.Parse("SELECT min(seq), max(seq) FROM https://example.com/x.parquet");
        var output = await BlockQueryExecutor.ExecuteAsync(plan, file, 3, 2, ComputeOptions.Default, CancellationToken.None);
        Assert.Equal("3000,4999", ResultMerger.Merge(plan, [output.Result]).ToText());
    }
}
