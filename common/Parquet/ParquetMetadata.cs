namespace DataLocal.Common.Parquet;

// The subset of Parquet's Thrift FileMetaData that layout, statistics and validation need.
// Field names follow parquet.thrift; enums stay ints because fuzzed files carry values no enum names.

/// <summary>Decoded FileMetaData.</summary>
internal sealed record FileMetadata(
    IReadOnlyList<SchemaElement> Schema,
    long NumRows,
    IReadOnlyList<RowGroupMetadata> RowGroups);

/// <summary>One node of the flattened (depth-first) schema tree.</summary>
internal sealed record SchemaElement(
    string Name,
    int? Type,
    int? TypeLength,
    int? Repetition,
    int NumChildren,
    int? ConvertedType,
    int? Scale,
    int? Precision,
    LogicalType? LogicalType);

/// <summary>The LogicalType union: which member is set, plus the parameters this project uses.</summary>
/// <param name="TimestampUnit">TIMESTAMP's TimeUnit member: 1 MILLIS, 2 MICROS, 3 NANOS.</param>
internal sealed record LogicalType(
    int Kind, int? DecimalScale, int? DecimalPrecision, int? IntBitWidth, bool? IntSigned,
    bool? TimestampAdjustedToUtc = null, int? TimestampUnit = null);

internal sealed record RowGroupMetadata(
    IReadOnlyList<ColumnChunkMetadata> Columns,
    long NumRows,
    long? FileOffset,
    long? TotalCompressedSize);

internal sealed record ColumnChunkMetadata(
    string? FilePath,
    int Type,
    IReadOnlyList<string> PathInSchema,
    int Codec,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? DictionaryPageOffset,
    StatisticsMetadata? Statistics)
{
    /// <summary>
    /// First byte of the chunk: the dictionary page when there is one before the data pages. Some writers
    /// store dictionary_page_offset = 0 to mean "none", and 0 is the magic, never a page.
    /// </summary>
    public long Start => DictionaryPageOffset is { } dict && dict > 0 && dict < DataPageOffset ? dict : DataPageOffset;
}

internal sealed record StatisticsMetadata(
    byte[]? LegacyMax,
    byte[]? LegacyMin,
    long? NullCount,
    byte[]? MaxValue,
    byte[]? MinValue);
