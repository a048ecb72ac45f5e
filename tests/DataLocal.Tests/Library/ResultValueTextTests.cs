using DataLocal.Client.Jobs;
using DataLocal.Common.Query;

namespace DataLocal.Tests.Library;

/// <summary>
/// The library reads back exactly what the namenode printed: every value <see cref="QueryResult.Format"/>
/// writes parses, by its column's SQL type, to the value it was written from, edge values included.
/// </summary>
public sealed class ResultValueTextTests
{
    public static TheoryData<string, object> RoundTrips() => new()
    {
        { SqlTypeName.BigInt, long.MinValue },
        { SqlTypeName.BigInt, long.MaxValue },
        { SqlTypeName.BigInt, 0L },
        { SqlTypeName.Integer, int.MinValue },
        { SqlTypeName.UBigInt, ulong.MaxValue },
        { SqlTypeName.Double, -0.0 },
        { SqlTypeName.Double, double.NaN },
        { SqlTypeName.Double, double.PositiveInfinity },
        { SqlTypeName.Double, double.NegativeInfinity },
        { SqlTypeName.Double, 1e-300 },
        { SqlTypeName.Double, double.Epsilon },
        { SqlTypeName.Double, double.MaxValue },
        { SqlTypeName.Double, 0.1 },
        { SqlTypeName.Double, 90.89999999999999 },
        { SqlTypeName.Float, -0.0f },
        { SqlTypeName.Float, float.NaN },
        { SqlTypeName.Float, 16777217f },
        { SqlTypeName.Float, 1.1f },
        { "DECIMAL(9,2)", 12.34m },
        { SqlTypeName.Decimal, -79228162514264337593543950335m },
        { "DECIMAL(38,28)", 0.0000000000000000000000000001m },
        { "DECIMAL(18,3)", -0.5m },
        { SqlTypeName.Varchar, "NULL" },
        { SqlTypeName.Varchar, " spaced, with \u00e9 and \U0001F600 " },
        { SqlTypeName.Boolean, true },
        { SqlTypeName.Boolean, false },
        { SqlTypeName.Date, new DateOnly(1, 1, 1) },
        { SqlTypeName.Date, new DateOnly(2024, 2, 29) },
        { SqlTypeName.Date, new DateOnly(9999, 12, 31) },
        { SqlTypeName.Timestamp, new DateTime(2024, 2, 29, 23, 59, 59) },
        { SqlTypeName.Timestamp, new DateTime(2024, 2, 29, 23, 59, 59).AddTicks(1) },
        { SqlTypeName.Timestamp, new DateTime(1970, 1, 1, 0, 0, 0).AddTicks(1_234_560) },
        { SqlTypeName.Timestamp, DateTime.MaxValue },
        { "TIMESTAMP WITH TIME ZONE", new DateTime(2000, 1, 1, 12, 0, 0, 500) },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Parse_TextOfFormat_IsTheValueItWasWrittenFrom(string sqlType, object value)
    {
        var text = QueryResult.Format(value);

        var parsed = ResultValueText.Parse(text, ResultValueText.ClrTypeOf(sqlType));

        Assert.IsType(value.GetType(), parsed);
        // Bits, not Equals: -0.0 equals 0.0, and the sign must survive.
        Assert.Equal(Bits(value), Bits(parsed));
    }

    [Fact]
    public void Parse_TimestampWithTimeZone_IsUtc_OtherTimestampsUnspecified()
    {
        var text = QueryResult.Format(new DateTime(2024, 2, 29, 1, 2, 3));

        var utc = (DateTime)ResultValueText.Parse(text, typeof(DateTime), SqlTypeName.TimestampWithTimeZone);
        var plain = (DateTime)ResultValueText.Parse(text, typeof(DateTime), SqlTypeName.TimestampNs);

        Assert.Equal((new DateTime(2024, 2, 29, 1, 2, 3), DateTimeKind.Utc), (utc, utc.Kind));
        Assert.Equal((new DateTime(2024, 2, 29, 1, 2, 3), DateTimeKind.Unspecified), (plain, plain.Kind));
    }

    [Fact]
    public void Parse_DecimalKeepsItsDigits_NotABinaryApproximation()
    {
        var parsed = ResultValueText.Parse(QueryResult.Format(0.1m + 0.2m), typeof(decimal));

        Assert.Equal(0.3m, parsed);
    }

    [Theory]
    [InlineData("BIGINT", typeof(long))]
    [InlineData("bigint", typeof(long))]
    [InlineData("INTEGER", typeof(int))]
    [InlineData("SMALLINT", typeof(short))]
    [InlineData("TINYINT", typeof(sbyte))]
    [InlineData("UTINYINT", typeof(byte))]
    [InlineData("DOUBLE", typeof(double))]
    [InlineData("FLOAT", typeof(float))]
    [InlineData("DECIMAL(9,2)", typeof(decimal))]
    [InlineData("DECIMAL", typeof(decimal))]
    [InlineData("VARCHAR", typeof(string))]
    [InlineData("BOOLEAN", typeof(bool))]
    [InlineData("DATE", typeof(DateOnly))]
    [InlineData("TIMESTAMP", typeof(DateTime))]
    [InlineData("TIMESTAMP_NS", typeof(DateTime))]
    [InlineData("INTERVAL", typeof(string))]
    [InlineData("", typeof(string))]
    public void ClrTypeOf_NamesTheTypeEachSqlTypeReadsAs(string sqlType, Type expected)
    {
        Assert.Equal(expected, ResultValueText.ClrTypeOf(sqlType));
    }

    [Theory]
    [InlineData("BIGINT", "1.5")]
    [InlineData("BIGINT", "9223372036854775808")]
    [InlineData("INTEGER", "2147483648")]
    [InlineData("DOUBLE", "1,5")]
    [InlineData("BOOLEAN", "yes")]
    [InlineData("DATE", "2024-02-30")]
    [InlineData("TIMESTAMP", "2024-01-01T00:00:00")]
    [InlineData("DECIMAL(9,2)", "1e5")]
    public void Parse_TextNotOfTheType_Throws(string sqlType, string text)
    {
        Assert.ThrowsAny<Exception>(() => ResultValueText.Parse(text, ResultValueText.ClrTypeOf(sqlType)));
    }

    private static object Bits(object value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(d),
        float f => BitConverter.SingleToInt32Bits(f),
        _ => value,
    };
}
