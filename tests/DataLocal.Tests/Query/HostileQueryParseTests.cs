using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>Every query of the hostile corpus is planned, or refused with one clear line, within seconds and without harming the process.</summary>
public sealed class HostileQueryParseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Names() => HostileQueries.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Plan_HostileQuery_PlannedOrRefusedWithClearLineInTime(string name)
    {
        var query = HostileQueries.Get(name);

        var outcome = await Task.Run(() => PlanAndWalk(query.Sql)).WaitAsync(Timeout);

        if (query.RefusedBecause is { } because)
        {
            var error = Assert.IsType<QueryException>(outcome);
            Assert.Contains(because, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
            Assert.True(error.Message.Length < 300, error.Message);
        }
        else
        {
            Assert.Null(outcome);
        }
    }

    // Planning, then every walk the namenode makes over a plan: rendering, pruning against statistics.
    private static QueryException? PlanAndWalk(string sql)
    {
        try
        {
            var plan = QueryPlan.Parse(sql);
            _ = plan.Filter?.ToString();
            _ = string.Join(",", plan.Outputs.Select(o => o.ToString()));
            _ = plan.MightMatch([new ColumnStatisticsInfo("l_shipmode", "AIR", "TRUCK", 0), new ColumnStatisticsInfo("l_orderkey", "1", "9", 0)]);
            return null;
        }
        catch (QueryException e)
        {
            return e;
        }
    }
}
