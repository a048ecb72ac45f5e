using System.Globalization;
using DataLocal.Common.Query;

namespace DataLocal.Client.Jobs;

/// <summary>
/// Turns a result value's invariant text back into the typed value it was printed from. Results travel as the
/// text <see cref="QueryResult.Format"/> writes (integers plain, doubles shortest round-trip with NaN and
/// Infinity spelled so, dates <c>yyyy-MM-dd</c>, timestamps <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>), and each
/// column's SQL type says which parse undoes it.
/// </summary>
internal static class ResultValueText
{
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>
    /// The .NET type a column of <paramref name="sqlType"/> reads as. A type this library does not know (or a
    /// result from a namenode that did not say) reads as its text.
    /// </summary>
    public static Type ClrTypeOf(string? sqlType)
    {
        var name = sqlType?.Trim().ToUpperInvariant() ?? string.Empty;
        return name switch
        {
            SqlTypeName.BigInt => typeof(long),
            SqlTypeName.Integer => typeof(int),
            SqlTypeName.SmallInt => typeof(short),
            SqlTypeName.TinyInt => typeof(sbyte),
            SqlTypeName.UBigInt => typeof(ulong),
            SqlTypeName.UInteger => typeof(uint),
            SqlTypeName.USmallInt => typeof(ushort),
            SqlTypeName.UTinyInt => typeof(byte),
            SqlTypeName.Double => typeof(double),
            SqlTypeName.Float => typeof(float),
            SqlTypeName.Boolean => typeof(bool),
            SqlTypeName.Date => typeof(DateOnly),
            _ when name.StartsWith(SqlTypeName.Decimal, StringComparison.Ordinal) => typeof(decimal),
            _ when name.StartsWith(SqlTypeName.Timestamp, StringComparison.Ordinal) => typeof(DateTime),
            _ => typeof(string),
        };
    }

    /// <summary>The value of <paramref name="text"/> as <paramref name="type"/> (one of <see cref="ClrTypeOf"/>'s); throws <see cref="FormatException"/> when it is not one.</summary>
    public static object Parse(string text, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        return type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(long) => long.Parse(text, integer, invariant),
            _ when type == typeof(int) => int.Parse(text, integer, invariant),
            _ when type == typeof(short) => short.Parse(text, integer, invariant),
            _ when type == typeof(sbyte) => sbyte.Parse(text, integer, invariant),
            _ when type == typeof(ulong) => ulong.Parse(text, integer, invariant),
            _ when type == typeof(uint) => uint.Parse(text, integer, invariant),
            _ when type == typeof(ushort) => ushort.Parse(text, integer, invariant),
            _ when type == typeof(byte) => byte.Parse(text, integer, invariant),
            // NumberStyles.Float reads the exponent of 1E-300 and the NaN, Infinity and -Infinity the "R" format writes.
            _ when type == typeof(double) => double.Parse(text, NumberStyles.Float, invariant),
            _ when type == typeof(float) => float.Parse(text, NumberStyles.Float, invariant),
            _ when type == typeof(decimal) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, invariant),
            _ when type == typeof(bool) => ParseBoolean(text),
            _ when type == typeof(DateOnly) => DateOnly.ParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None),
            // Format drops a zero fraction and its point.
            _ when type == typeof(DateTime) => DateTime.ParseExact(text, TimestampFormats, invariant, DateTimeStyles.None),
            _ => throw new ArgumentException($"no parse for {type.Name}", nameof(type)),
        };
    }

    /// <summary>
    /// The value of <paramref name="text"/> in a column of <paramref name="sqlType"/> read as <paramref name="type"/>:
    /// as <see cref="Parse(string, Type)"/>, and a TIMESTAMP WITH TIME ZONE, which prints as a UTC clock time, a
    /// <see cref="DateTimeKind.Utc"/> <see cref="DateTime"/> (other timestamps have no zone: Unspecified).
    /// </summary>
    public static object Parse(string text, Type type, string sqlType)
    {
        var value = Parse(text, type);
        return value is DateTime time && string.Equals(sqlType.Trim(), SqlTypeName.TimestampWithTimeZone, StringComparison.OrdinalIgnoreCase)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : value;
    }

    private static bool ParseBoolean(string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{text}' is not true or false"),
    };
}
