
namespace DataLocal.Common.Parquet;

/// <summary>Where a Parquet file's row groups and footer lie, with per-row-group column statistics.</summary>
/// <param name="FileLength">Bytes in the file.</param>
/// <param name="FooterOffset">First byte of the footer (Thrift metadata, its 4-byte length, trailing magic).</param>
/// <param name="Footer">The bytes from <paramref name="FooterOffset"/> to the end of the file.</param>
/// <param name="RowCount">Rows in the file, from the footer.</param>
/// <param name="ColumnNames">Dotted paths of the leaf columns, in schema order.</param>
/// <param name="RowGroups">Row groups in file order.</param>
public sealed record ParquetFileLayout(
    long FileLength,
    long FooterOffset,
    byte[] Footer,
    long RowCount,
    IReadOnlyList<string> ColumnNames,
    IReadOnlyList<RowGroupLayout> RowGroups)
{
    /// <summary>
    /// How each leaf column's statistics text compares, parallel to <see cref="ColumnNames"/>. Merging
    /// statistics of several row groups needs it ("10" &lt; "9" as text, not as numbers); a column without
    /// an entry merges to unknown.
    /// </summary>
    public IReadOnlyList<StatisticsOrder> ColumnOrders { get; init; } = [];
}

/// <summary>One row group: its byte range (first page of its first column chunk to the end of its last).</summary>
public sealed record RowGroupLayout(
    int Index,
    long Offset,
    long Length,
    long RowCount,
    IReadOnlyList<ColumnStatistics> Columns);

/// <summary>How a column's statistics text is ordered.</summary>
public enum StatisticsOrder
{
    /// <summary>No statistics are rendered for this column (e.g. INT96, BOOLEAN, binary without annotation).</summary>
    None,

    /// <summary>Signed integer text.</summary>
    SignedInteger,

    /// <summary>Unsigned integer text (UINT annotations).</summary>
    UnsignedInteger,

    /// <summary>Round-trip floating-point text.</summary>
    Floating,

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>Strings, ordered by their UTF-8 bytes as Parquet orders them.</summary>
    Utf8,

    /// <summary>Decimal text with the column's fixed scale.</summary>
    ScaledDecimal,
}
