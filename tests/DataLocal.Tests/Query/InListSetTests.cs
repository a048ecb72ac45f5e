using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>IN lists answer by hash lookup exactly what comparing with each item would, in three-valued logic.</summary>
public sealed class InListSetTests
{
    private static InExpr List(params object?[] items) => new(new ColumnExpr("x"), [.. items.Select(i => new LiteralExpr(i))], false);

    private static bool? Contains(InExpr list, object? value) => InListSet.For(list, SqlValues.KindOf(value))!.Contains(value);

    [Fact]
    public void Contains_ValueInList_TrueElseFalse()
    {
        var list = List(1L, 2L, 3L);
        Assert.True(Contains(list, 2L));
        Assert.False(Contains(list, 4L));
    }

    [Fact]
    public void Contains_NoMatchWithNullItemOrNullValue_Null()
    {
        var list = List(1L, null);
        Assert.True(Contains(list, 1L));
        Assert.Null(Contains(list, 2L));
        Assert.Null(Contains(List(1L), null));
    }

    [Fact]
    public void Contains_MixedNumberKinds_ComparesAsSqlComparisonWould()
    {
        var list = List(1.5m, 2.0, 3L);
        Assert.True(Contains(list, 2L));
        Assert.True(Contains(list, 3.0));
        Assert.True(Contains(list, 1.50m));
        Assert.False(Contains(list, 1L));
    }

    [Fact]
    public void Contains_DoubleZerosMatchEachOtherAndNaNMatchesNaN_AsDuckDb()
    {
        var list = List(-0.0, double.NaN);
        Assert.True(Contains(list, 0.0));
        // DuckDB's NaN equals NaN (and sorts above every number), so an IN list holding NaN matches it.
        Assert.Equal("true", DataLocal.Tests.Reference.DuckDb.Scalar("SELECT 'nan'::DOUBLE IN (-0.0::DOUBLE, 'nan'::DOUBLE)"));
        Assert.True(Contains(list, double.NaN));
        Assert.False(Contains(List(1.5), double.NaN));
    }

    [Fact]
    public void Contains_DateColumnAgainstDateText_ComparesAsDates()
    {
        var list = List("1995-01-31");
        Assert.True(Contains(list, new DateOnly(1995, 1, 31)));
        Assert.False(Contains(list, new DateOnly(1995, 2, 1)));
    }

    [Fact]
    public void For_ItemThatIsNotConstant_NoSet()
    {
        var list = new InExpr(new ColumnExpr("x"), [new ColumnExpr("y")], false);
        Assert.Null(InListSet.For(list, ValueKind.BigInt));
    }

    [Fact]
    public void For_ItemNotComparableWithOperand_ClearError()
    {
        var error = Assert.Throws<QueryException>(() => InListSet.For(List("a"), ValueKind.BigInt));
        Assert.Equal("cannot compare BIGINT with VARCHAR", error.Message);
    }
}
