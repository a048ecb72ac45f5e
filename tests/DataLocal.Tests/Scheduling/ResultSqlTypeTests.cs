using DataLocal.Common.Query;
using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Scheduling;

public sealed class ResultSqlTypeTests
{
    private static readonly QueryResult Result = new(
        ["planned", "sum", "nulls", "mixed", "day"],
        [
            [1L, 5L, null, 1L, new DateOnly(2024, 1, 1)],
            [2L, 79228162514264337593543950335m, null, "x", null],
        ]);

    [Fact]
    public void Of_PlanWins_ValuesDecideTheRest()
    {
        Assert.Equal(
            ["INTEGER", "DECIMAL", "VARCHAR", "VARCHAR", "DATE"],
            ResultSqlType.Of(["INTEGER", null, null, null, null], Result));
    }

    [Fact]
    public void Of_WithoutAPlanOrOfAnotherWidth_ValuesDecide()
    {
        string[] fromValues = ["BIGINT", "DECIMAL", "VARCHAR", "VARCHAR", "DATE"];

        Assert.Equal(fromValues, ResultSqlType.Of(null, Result));
        Assert.Equal(fromValues, ResultSqlType.Of(["INTEGER"], Result));
    }

    [Fact]
    public void Of_NullColumnThePlanTypes_KeepsThePlansType()
    {
        Assert.Equal(["DOUBLE"], ResultSqlType.Of(["DOUBLE"], new QueryResult(["x"], [[null]])));
    }
}
