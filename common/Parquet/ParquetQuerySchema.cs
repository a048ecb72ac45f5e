using DataLocal.Common.Query;

namespace DataLocal.Common.Parquet;

/// <summary>
/// A Parquet file's columns as queries see them (<see cref="QuerySchema"/>), read from the footer with our own
/// strict reader: the namenode checks a query's names and types with it at submit, before pruning. The kind
/// of each column is the one the engine's decoder (Parquet.Net, through the datanode's column scanner) gives
/// its values; a type the engine cannot query has no kind.
/// </summary>
public static class ParquetQuerySchema
{
    // parquet.thrift enum values.
    private const int Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7;
    private const int ConvertedUtf8 = 0, ConvertedEnum = 4, ConvertedDecimal = 5, ConvertedDate = 6, ConvertedTimeMillis = 7;
    private const int ConvertedTimeMicros = 8, ConvertedTimestampMillis = 9, ConvertedTimestampMicros = 10, ConvertedUint64 = 14, ConvertedJson = 19;
    private const int LogicalString = 1, LogicalEnum = 4, LogicalDecimal = 5, LogicalDate = 6, LogicalTime = 7, LogicalTimestamp = 8;
    private const int LogicalInteger = 10, LogicalJson = 12;

    /// <summary>
    /// The schema of the footer bytes a file ends with (<see cref="ParquetFileLayout.Footer"/>: the metadata,
    /// its length and the magic); throws <see cref="InvalidParquetException"/> when they are not a footer.
    /// </summary>
    public static QuerySchema FromFooter(byte[] footer)
    {
        ArgumentNullException.ThrowIfNull(footer);
        if (footer.Length < 8)
        {
            throw new InvalidParquetException($"footer of {footer.Length} bytes is too short");
        }
        var reader = new ThriftCompactReader(footer, 0, footer.Length - 8);
        var metadata = ParquetMetadataDecoder.DecodeFileMetadata(reader);
        var leaves = ParquetSchema.Leaves(metadata.Schema);
        return new QuerySchema([.. leaves.Select(l => new QueryColumn(l.Path, KindOf(l)))]);
    }

    internal static ValueKind? KindOf(LeafColumn leaf)
    {
        if (leaf.MaxRepetitionLevel > 0)
        {
            return null; // lists and maps
        }
        var element = leaf.Element;
        var logical = element.LogicalType?.Kind;
        var converted = logical is null ? element.ConvertedType : null;
        if (logical == LogicalDecimal || converted == ConvertedDecimal)
        {
            return element.Type is Int32 or Int64 or ByteArray or FixedLenByteArray ? ValueKind.Numeric : null;
        }
        return element.Type switch
        {
            Boolean => ValueKind.Boolean,
            Int32 when logical == LogicalDate || converted == ConvertedDate => ValueKind.Date,
            Int32 or Int64 when logical == LogicalTime || converted is ConvertedTimeMillis or ConvertedTimeMicros => null,
            Int64 when logical == LogicalTimestamp || converted is ConvertedTimestampMillis or ConvertedTimestampMicros => ValueKind.Timestamp,
            // UINT64 exceeds BIGINT: the engine keeps it as a decimal.
            Int64 when logical == LogicalInteger && element.LogicalType!.IntSigned == false || converted == ConvertedUint64 => ValueKind.Numeric,
            Int32 or Int64 => ValueKind.BigInt,
            Int96 => ValueKind.Timestamp,
            Float => ValueKind.Float,
            Double => ValueKind.Real,
            ByteArray when logical is LogicalString or LogicalEnum or LogicalJson || converted is ConvertedUtf8 or ConvertedEnum or ConvertedJson => ValueKind.Varchar,
            _ => null,
        };
    }
}
