using DataLocal.Tests.Query;

namespace DataLocal.Tests.Compute;

/// <summary>Every answered query of the hostile corpus gives DuckDB's answer through the block engine, split into blocks as the cluster splits it.</summary>
public sealed class HostileQueryEngineTests
{
    public static TheoryData<string> Names() => HostileQueries.AnsweredNames();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Execute_AnsweredHostileQuery_MatchesDuckDbInTime(string name)
    {
        var query = HostileQueries.Get(name);

        var result = await EngineHarness.RunAsync(query.Sql, TestData.Parquet("lineitem-top10000.gzip.parquet"), 64 * 1024)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(query.Expected, result.ToText());
    }
}
