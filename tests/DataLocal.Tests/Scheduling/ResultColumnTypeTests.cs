using DataLocal.Common.Query;
using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Scheduling;

public sealed class ResultColumnTypeTests
{
    [Fact]
    public void Of_TypesEachColumnFromAllItsNonNullValues()
    {
        var result = new QueryResult(
            ["n", "flag", "mixed", "nulls", "nan"],
            [
                [1L, true, 2L, null, 1.5],
                [null, false, "x", null, double.NaN],
                [2.5m, null, 3L, null, 2.0],
            ]);

        Assert.Equal(
            [ResultColumnType.Number, ResultColumnType.Boolean, ResultColumnType.Text, ResultColumnType.Text, ResultColumnType.Text],
            ResultColumnType.Of(result));
    }

    [Fact]
    public void Of_ResultWithoutRows_IsTextInEveryColumn()
    {
        Assert.Equal([ResultColumnType.Text, ResultColumnType.Text], ResultColumnType.Of(new QueryResult(["a", "b"], [])));
    }
}
