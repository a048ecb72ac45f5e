namespace DataLocal.Common.Query;

/// <summary>
/// The value types the engine computes with, named after DuckDB's. At run time a value is null, bool, long,
/// double, decimal, string, <see cref="DateOnly"/> or <see cref="DateTime"/>.
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
}
