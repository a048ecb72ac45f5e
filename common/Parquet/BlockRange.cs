namespace DataLocal.Common.Parquet;

/// <summary>One planned block of a file: a byte range and, for Parquet, the whole row groups it holds.</summary>
/// <param name="Offset">First byte of the block in the file.</param>
/// <param name="Length">Bytes in the block.</param>
/// <param name="FirstRowGroup">Index of the first row group in the block; -1 for plain files.</param>
/// <param name="RowGroupCount">Row groups wholly inside the block; 0 for plain files.</param>
/// <param name="RowCount">Rows in those row groups; 0 for plain files.</param>
/// <param name="Columns">Per-column statistics merged over the block's row groups; empty for plain files.</param>
public sealed record BlockRange(
    long Offset,
    long Length,
    int FirstRowGroup,
    int RowGroupCount,
    long RowCount,
    IReadOnlyList<ColumnStatistics> Columns);

/// <summary>A column's statistics over some rows, rendered as invariant text so any side can compare them.</summary>
/// <param name="Column">Dotted column path, as in the Parquet schema.</param>
/// <param name="Min">Smallest non-null value, or null when unknown.</param>
/// <param name="Max">Largest non-null value, or null when unknown.</param>
/// <param name="NullCount">Nulls in the rows, or null when unknown.</param>
public sealed record ColumnStatistics(string Column, string? Min, string? Max, long? NullCount);
