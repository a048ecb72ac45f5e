using DataLocal.Client;
using DataLocal.Common.Query;
using DataLocal.Tests.Compute;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// A query is checked against the file's footer when it is submitted, before statistics prune any block, so
/// the answer does not depend on whether any task runs: a wrong query fails with the message a task would
/// give, and <c>SELECT *</c> over no surviving block still has the file's columns.
/// </summary>
[Collection(JobClusterDefinition.Name)]
public sealed class SubmitValidationTests(JobClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string Lineitem => TestData.Parquet("lineitem-top10000.gzip.parquet");

    [Fact]
    public async Task Job_SelectStarEveryBlockPruned_ReturnsTheFileColumnsAndNoRows()
    {
        using var client = fixture.Cluster.CreateClient();
        const string where = " WHERE l_orderkey < 0";

        var job = await JobQueryTests.RunAsync(client, "SELECT * FROM /jobs/lineitem.parquet" + where);

        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(job.BlocksTotal, job.BlocksSkipped);
        Assert.Empty(job.Rows);
        Assert.Equal(DuckDb.Columns("SELECT * FROM " + DuckDb.File(Lineitem) + where), job.Columns);
    }

    /// <summary>
    /// Queries DataLocal's tasks refuse whatever the rows. DuckDB refuses the first ones when it binds them;
    /// the last ones (text as a condition, a text constant where a number is compared) only once a row
    /// reaches the cast, so over no rows it answers: DataLocal refuses them always, as its tasks do.
    /// </summary>
    public static TheoryData<string, bool> InvalidQueries() => new()
    {
        { "SELECT nosuch FROM {f} WHERE l_orderkey < 0", true },
        { "SELECT count(*) FROM {f} WHERE l_orderkey < 0 AND nosuch = 1", true },
        { "SELECT sum(l_shipmode) FROM {f} WHERE l_orderkey < 0", true },
        { "SELECT avg(l_comment) FROM {f} WHERE l_orderkey < 0 GROUP BY l_shipmode", true },
        { "SELECT l_orderkey FROM {f} WHERE l_orderkey < 0 AND l_shipmode + 1 > 2", true },
        { "SELECT round(l_shipmode) FROM {f} WHERE l_orderkey < 0", true },
        { "SELECT l_orderkey FROM {f} WHERE l_orderkey < 0 AND l_shipmode", false },
        { "SELECT l_orderkey FROM {f} WHERE l_orderkey < 0 AND l_quantity IN ('x', 'y')", false },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task Job_InvalidQueryEveryBlockPruned_RefusedAtSubmitWithTheTaskMessage(string sql, bool duckDbRefusesUnread)
    {
        var duckDbError = DuckDb.Error(sql.Replace("{f}", DuckDb.File(Lineitem), StringComparison.Ordinal));
        Assert.Equal(duckDbRefusesUnread, duckDbError is not null);
        var inTask = await Assert.ThrowsAsync<QueryException>(() =>
            EngineHarness.RunAsync(sql.Replace("{f}", "/d/x", StringComparison.Ordinal), Lineitem, EngineHarness.WholeFile, prune: false));
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.Jobs.SubmitAsync(sql.Replace("{f}", "/jobs/lineitem.parquet", StringComparison.Ordinal)).WaitAsync(Timeout));

        Assert.Contains(inTask.Message, error.Message, StringComparison.Ordinal);
    }
}
