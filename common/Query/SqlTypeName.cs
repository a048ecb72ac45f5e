namespace DataLocal.Common.Query;

/// <summary>
/// Result column types named as DuckDB prints them (<c>DESCRIBE</c>, <c>typeof</c>), so a client can turn a
/// result's invariant text back into typed values. The engine computes with fewer types than it reports:
/// an INTEGER column's values are longs, yet the column is still INTEGER when selected as it is.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The SQL types' names.")]
public static class SqlTypeName
{
    public const string BigInt = "BIGINT";
    public const string Integer = "INTEGER";
    public const string SmallInt = "SMALLINT";
    public const string TinyInt = "TINYINT";
    public const string UBigInt = "UBIGINT";
    public const string UInteger = "UINTEGER";
    public const string USmallInt = "USMALLINT";
    public const string UTinyInt = "UTINYINT";
    public const string Double = "DOUBLE";
    public const string Float = "FLOAT";
    public const string Decimal = "DECIMAL";
    public const string Varchar = "VARCHAR";
    public const string Boolean = "BOOLEAN";
    public const string Date = "DATE";
    public const string Timestamp = "TIMESTAMP";

    /// <summary>A timestamp stored in nanoseconds (the engine keeps 100 ns ticks of it).</summary>
    public const string TimestampNs = "TIMESTAMP_NS";

    /// <summary>A timestamp adjusted to UTC, an instant: its values print as UTC clock times.</summary>
    public const string TimestampWithTimeZone = "TIMESTAMP WITH TIME ZONE";

    /// <summary><c>DECIMAL(p,s)</c>, DuckDB's spelling of a decimal with known precision and scale.</summary>
    public static string DecimalOf(int precision, int scale) => $"DECIMAL({precision},{scale})";

    /// <summary>
    /// The type of values of an engine kind, or null for <see cref="ValueKind.Null"/> (a NULL constant says
    /// nothing; the column's values, if any, decide). Decimals without a known precision are plain DECIMAL.
    /// </summary>
    public static string? Of(ValueKind kind) => kind switch
    {
        ValueKind.Boolean => Boolean,
        ValueKind.BigInt => BigInt,
        ValueKind.Real => Double,
        ValueKind.Float => Float,
        ValueKind.Numeric => Decimal,
        ValueKind.Varchar => Varchar,
        ValueKind.Date => Date,
        ValueKind.Timestamp => Timestamp,
        _ => null,
    };
}
