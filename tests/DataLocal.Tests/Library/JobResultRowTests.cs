using DataLocal.Client.Jobs;

namespace DataLocal.Tests.Library;

/// <summary>A result row's typed access: by index and name, nulls, conversions, and what it refuses.</summary>
public sealed class JobResultRowTests
{
    private static JobResultRow Row() => new JobResultTable(
        ["id", "Price", "name", "day", "n", "missing"],
        [["-9223372036854775808", "12.50", "a,b", "2024-02-29", "7", null]],
        ["BIGINT", "DECIMAL(9,2)", "VARCHAR", "DATE", "INTEGER", "DOUBLE"]).GetRecord(0);

    [Fact]
    public void Indexers_GiveTypedValues_ByPositionAndByName()
    {
        var row = Row();

        Assert.Equal(long.MinValue, row[0]);
        Assert.Equal(12.5m, row["Price"]);
        Assert.Equal(12.5m, row["price"]); // SQL names ignore case when no exact match
        Assert.Equal("a,b", row["name"]);
        Assert.Equal(new DateOnly(2024, 2, 29), row[3]);
        Assert.Equal(7, row["n"]);
        Assert.Null(row["missing"]);
        Assert.Equal(typeof(int), row.GetFieldType(4));
        Assert.Equal("12.50", row.GetText(1));
        Assert.Equal(["BIGINT", "DECIMAL(9,2)", "VARCHAR", "DATE", "INTEGER", "DOUBLE"], row.ColumnSqlTypes);
        Assert.Equal(6, row.Count);
    }

    [Fact]
    public void Get_ConvertsBetweenNumbers_AndRefusesOtherTypes()
    {
        var row = Row();

        Assert.Equal(7L, row.Get<long>("n"));
        Assert.Equal(12.5, row.GetFieldValue<double>(1));
        Assert.Equal(long.MinValue, row.Get<long?>(0));
        Assert.Throws<OverflowException>(() => row.Get<int>(0));
        Assert.Throws<InvalidCastException>(() => row.Get<DateTime>("day"));
        Assert.Throws<InvalidCastException>(() => row.Get<string>("id"));
    }

    [Fact]
    public void Null_ReadsAsNullWhereTheTypeHoldsOne_AndRefusesAValueType()
    {
        var row = Row();

        Assert.True(row.IsNull(5));
        Assert.True(row.IsNull("missing"));
        Assert.False(row.IsNull(0));
        Assert.Null(row.Get<double?>(5));
        Assert.Null(row.Get<object>(5));
        Assert.Throws<InvalidCastException>(() => row.Get<double>(5));
    }

    [Fact]
    public void UnknownColumn_Throws_NamingTheColumns()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Row()["nope"]);
        Assert.Contains("id, Price", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSqlTypes_ValuesReadAsText()
    {
        var row = new JobResultTable(["n"], [["7"]]).GetRecord(0);

        Assert.Equal("7", row[0]);
        Assert.Equal(["VARCHAR"], row.ColumnSqlTypes);
    }

    [Fact]
    public void TextNotOfTheColumnsType_ThrowsNamingTheColumn()
    {
        var table = new JobResultTable(["when"], [["yesterday"]], ["DATE"]);

        var error = Assert.Throws<FormatException>(() => table.GetRecord(0));
        Assert.Contains("'when' (DATE)", error.Message, StringComparison.Ordinal);
    }
}
