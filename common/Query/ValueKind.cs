namespace DataLocal.Common.Query;

/// <summary>
/// The value types the engine computes with, named after DuckDB's. At run time a value is null, bool, long,
/// float, double, decimal, string, <see cref="DateOnly"/> or <see cref="DateTime"/>. New kinds go at the end:
/// the numbers are the tags of values in partial results.
/// </summary>
public enum ValueKind
{
    Null,
    Boolean,
    BigInt,
    Real,
    Numeric,
    Varchar,
    Date,
    Timestamp,

    /// <summary>A 32-bit FLOAT column's values (and what they compute): compared and printed as FLOAT, as DuckDB does.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The SQL type's name, shown in messages.")]
    Float,
}
