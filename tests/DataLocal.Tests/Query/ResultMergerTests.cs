using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

public sealed class ResultMergerTests
{
    private static AggregateState State(AggregateFunction function, params object?[] values)
    {
        var state = new AggregateState(function);
        foreach (var value in values)
        {
            if (function == AggregateFunction.CountStar)
            {
                state.AddRows(1);
            }
            else if (value is not null)
            {
                state.Add(value);
            }
        }
        return state;
    }

    [Fact]
    public void Merge_GroupsFromSeveralTasks_CombinesSortsAndLimits()
    {
        var plan = QueryPlan.Parse("SELECT k, count(*), sum(v), avg(v) FROM /d/x GROUP BY k ORDER BY k DESC LIMIT 2");
        var first = PartialResult.ForGroups(
        [
            new PartialGroup(["a"], [State(AggregateFunction.CountStar, 1, 2), State(AggregateFunction.Sum, 1L, 2L), State(AggregateFunction.Avg, 1L, 2L)]),
            new PartialGroup(["b"], [State(AggregateFunction.CountStar, 1), State(AggregateFunction.Sum, 10L), State(AggregateFunction.Avg, 10L)]),
        ]);
        var second = PartialResult.ForGroups(
        [
            new PartialGroup(["b"], [State(AggregateFunction.CountStar, 1), State(AggregateFunction.Sum, [null]), State(AggregateFunction.Avg, [null])]),
            new PartialGroup(["c"], [State(AggregateFunction.CountStar, 1), State(AggregateFunction.Sum, 5L), State(AggregateFunction.Avg, 5L)]),
        ]);

        var result = ResultMerger.Merge(plan, [PartialResult.FromBytes(first.ToBytes()), PartialResult.FromBytes(second.ToBytes())]);

        Assert.Equal(["k", "count_star()", "sum(v)", "avg(v)"], result.Columns);
        Assert.Equal("c,1,5,5 ; b,2,10,10", result.ToText());
    }

    [Fact]
    public void Merge_GlobalAggregateWithoutRows_GivesCountZeroAndNulls()
    {
        var plan = QueryPlan.Parse("SELECT count(*), count(v), sum(v), min(v), max(v), avg(v) FROM /d/x WHERE v > 1");
        var result = ResultMerger.Merge(plan, []);
        Assert.Equal("0,0,NULL,NULL,NULL,NULL", result.ToText());
    }

    [Fact]
    public void Merge_NullKey_IsItsOwnGroupAndSortsLast()
    {
        var plan = QueryPlan.Parse("SELECT k, count(*) FROM /d/x GROUP BY k ORDER BY k");
        var task = PartialResult.ForGroups(
        [
            new PartialGroup([null], [State(AggregateFunction.CountStar, 1)]),
            new PartialGroup([2L], [State(AggregateFunction.CountStar, 1)]),
        ]);
        var other = PartialResult.ForGroups(
        [
            new PartialGroup([1L], [State(AggregateFunction.CountStar, 1)]),
            new PartialGroup([null], [State(AggregateFunction.CountStar, 1, 1)]),
        ]);
        Assert.Equal("1,1 ; 2,1 ; NULL,3", ResultMerger.Merge(plan, [task, other]).ToText());
    }

    [Fact]
    public void Merge_DescendingOrder_KeepsNullsLast()
    {
        var plan = QueryPlan.Parse("SELECT v FROM /d/x ORDER BY v DESC");
        var rows = PartialResult.ForRows([[1L], [null], [3L]]);
        Assert.Equal("3 ; 1 ; NULL", ResultMerger.Merge(plan, [rows]).ToText());
        var nullsFirst = QueryPlan.Parse("SELECT v FROM /d/x ORDER BY v NULLS FIRST");
        Assert.Equal("NULL ; 1 ; 3", ResultMerger.Merge(nullsFirst, [rows]).ToText());
    }

    [Fact]
    public void Merge_HiddenOrderColumn_IsDropped()
    {
        var plan = QueryPlan.Parse("SELECT a FROM /d/x ORDER BY b LIMIT 2");
        var rows = PartialResult.ForRows([["x", 3L], ["y", 1L], ["z", 2L]]);
        var result = ResultMerger.Merge(plan, [rows]);
        Assert.Equal(["a"], result.Columns);
        Assert.Equal("y ; z", result.ToText());
    }

    [Fact]
    public void Merge_StarRows_UseTheExpandedColumnNames()
    {
        var plan = QueryPlan.Parse("SELECT *, a FROM /d/x ORDER BY c DESC");
        var rows = PartialResult.ForRows([[1L, "p", 1L, 5L], [2L, "q", 2L, 9L]], ["a", "b"]);
        var result = ResultMerger.Merge(plan, [PartialResult.FromBytes(rows.ToBytes())]);
        Assert.Equal(["a", "b", "a"], result.Columns);
        Assert.Equal("2,q,2 ; 1,p,1", result.ToText());
    }

    [Fact]
    public void Merge_FinalExpressionOverAggregates_Evaluates()
    {
        var plan = QueryPlan.Parse("SELECT round(sum(v), 1), sum(v) / count(*), max(s) FROM /d/x");
        var task = PartialResult.ForGroups(
            [new PartialGroup([], [State(AggregateFunction.Sum, 1.25, 1.0), State(AggregateFunction.CountStar, 1, 1), State(AggregateFunction.Max, "pear", "apple")])]);
        Assert.Equal("2.3,1.125,pear", ResultMerger.Merge(plan, [task]).ToText());
    }

    [Fact]
    public void AggregateState_IntegerSumOverflow_StaysExact()
    {
        var state = new AggregateState(AggregateFunction.Sum);
        state.Add(long.MaxValue);
        state.Add(long.MaxValue);
        Assert.Equal(2m * long.MaxValue, state.Result());
    }

    [Fact]
    public void PartialResult_RoundTrip_KeepsEveryValueKind()
    {
        object?[] row = [null, true, 42L, 1.5, 12.340m, "text", new DateOnly(2024, 2, 29), new DateTime(2024, 1, 2, 3, 4, 5)];
        var partial = PartialResult.ForRows([row]);
        var bytes = partial.ToBytes();
        var back = PartialResult.FromBytes(bytes);
        Assert.Equal(row, back.Rows[0]);
        Assert.Equal(bytes, back.ToBytes());
    }

    [Fact]
    public void PartialResult_Garbage_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => PartialResult.FromBytes([1, 2, 3]));
        var bytes = PartialResult.ForRows([[1L, "x"]]).ToBytes();
        Assert.Throws<InvalidDataException>(() => PartialResult.FromBytes(bytes[..^2]));
    }

    [Theory]
    [InlineData(null, "NULL")]
    [InlineData(12L, "12")]
    [InlineData(-3L, "-3")]
    [InlineData(0.1, "0.1")]
    [InlineData(69281601.0, "69281601")]
    [InlineData(true, "true")]
    [InlineData("", "")]
    public void Format_Values_Invariant(object? value, string text) => Assert.Equal(text, QueryResult.Format(value));

    [Fact]
    public void Format_DecimalsAndDates_Invariant()
    {
        Assert.Equal("300", QueryResult.Format(300.00m));
        Assert.Equal("1.5", QueryResult.Format(1.50m));
        Assert.Equal("0.0000001", QueryResult.Format(0.0000001m));
        Assert.Equal("1995-01-02", QueryResult.Format(new DateOnly(1995, 1, 2)));
        Assert.Equal("2016-02-03 07:55:29", QueryResult.Format(new DateTime(2016, 2, 3, 7, 55, 29)));
    }
}
