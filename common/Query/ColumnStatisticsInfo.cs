namespace DataLocal.Common.Query;

/// <summary>
/// A block's statistics for one column, as the namenode stores them: invariant text (integers, round-trip
/// floats, <c>yyyy-MM-dd</c> dates, plain strings); null when unknown.
/// </summary>
public sealed record ColumnStatisticsInfo(string Column, string? Min, string? Max, long? NullCount);
