using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

public sealed class BlockPruningTests
{
    private static readonly ColumnStatisticsInfo[] Stats =
    [
        new("n", "10", "20", 0),
        new("f", "-1.5", "2.25", 3),
        new("s", "apple", "melon", 0),
        new("d", "1995-01-01", "1995-12-31", 0),
        new("nums_as_text", "10", "9", 0),
        new("unknown", null, null, null),
    ];

    [Theory]
    [InlineData("n = 5")]
    [InlineData("n = 21")]
    [InlineData("n < 10")]
    [InlineData("n > 20")]
    [InlineData("n <= 9")]
    [InlineData("n >= 21")]
    [InlineData("5 > n")]
    [InlineData("n BETWEEN 21 AND 30")]
    [InlineData("n IN (1, 2, 30)")]
    [InlineData("n IS NULL")]
    [InlineData("f > 2.25")]
    [InlineData("f < -2")]
    [InlineData("s = 'zebra'")]
    [InlineData("s < 'apple'")]
    [InlineData("d >= DATE '1996-01-01'")]
    [InlineData("d < '1995-01-01'")]
    [InlineData("n = 5 AND s = 'kiwi'")]
    [InlineData("n = 5 OR s = 'zebra'")]
    [InlineData("n = NULL")]
    [InlineData("n = 15 AND NULL")]
    public void MightMatch_StatisticsProveNoMatch_False(string condition)
    {
        var plan = QueryPlan.Parse($"SELECT count(*) FROM /d/x WHERE {condition}");
        Assert.False(plan.MightMatch(Stats));
    }

    [Theory]
    [InlineData("n = 10")]
    [InlineData("n = 20")]
    [InlineData("n < 11")]
    [InlineData("n > 19")]
    [InlineData("n BETWEEN 0 AND 10")]
    [InlineData("n IN (1, 15)")]
    [InlineData("n != 15")]
    [InlineData("f = 2")]
    [InlineData("f IS NULL")]
    [InlineData("s = 'kiwi'")]
    [InlineData("d = '1995-06-01'")]
    [InlineData("n = 5 OR s = 'kiwi'")]
    [InlineData("NOT n = 5")]
    [InlineData("n + 1 = 100")]
    [InlineData("unknown = 1")]
    [InlineData("missing_column = 1")]
    [InlineData("nums_as_text = '5'")]
    [InlineData("n IS NOT NULL")]
    [InlineData("n NOT IN (1, 2)")]
    public void MightMatch_StatisticsCannotDecide_True(string condition)
    {
        var plan = QueryPlan.Parse($"SELECT count(*) FROM /d/x WHERE {condition}");
        Assert.True(plan.MightMatch(Stats));
    }

    [Fact]
    public void MightMatch_NotEqualOnConstantBlock_False()
    {
        var plan = QueryPlan.Parse("SELECT count(*) FROM /d/x WHERE n != 7");
        Assert.False(plan.MightMatch([new ColumnStatisticsInfo("n", "7", "7", 0)]));
    }

    [Fact]
    public void MightMatch_NoWhere_True()
    {
        Assert.True(QueryPlan.Parse("SELECT count(*) FROM /d/x").MightMatch([]));
    }
}
