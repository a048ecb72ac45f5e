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
    private const int TimeUnitNanos = 3;
    private const int ConvertedUint8 = 11, ConvertedUint16 = 12, ConvertedUint32 = 13, ConvertedInt8 = 15, ConvertedInt16 = 16;

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
        return new QuerySchema([.. leaves.Select(l => new QueryColumn(l.Path, KindOf(l), SqlTypeOf(l)))]);
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

    /// <summary>
    /// The column's type as DuckDB names it when it reads the file (an INT32 is INTEGER, a decimal
    /// DECIMAL(p,s), a UTC-adjusted timestamp TIMESTAMP WITH TIME ZONE), or null when the engine cannot query it.
    /// </summary>
    internal static string? SqlTypeOf(LeafColumn leaf)
    {
        if (KindOf(leaf) is not { } kind)
        {
            return null;
        }
        var element = leaf.Element;
        var logical = element.LogicalType;
        var converted = logical is null ? element.ConvertedType : null;
        if (kind == ValueKind.Numeric && (logical?.Kind == LogicalDecimal || converted == ConvertedDecimal))
        {
            var precision = logical?.DecimalPrecision ?? element.Precision;
            var scale = logical?.DecimalScale ?? element.Scale ?? 0;
            return precision is { } p ? SqlTypeName.DecimalOf(p, scale) : SqlTypeName.Decimal;
        }
        if (kind == ValueKind.Numeric)
        {
            return SqlTypeName.UBigInt; // the only other decimal-valued column: UINT64
        }
        if (kind == ValueKind.Timestamp && logical?.Kind == LogicalTimestamp)
        {
            // As DuckDB reads them: millisecond and microsecond timestamps are both TIMESTAMP.
            return logical.TimestampAdjustedToUtc == true ? SqlTypeName.TimestampWithTimeZone
                : logical.TimestampUnit == TimeUnitNanos ? SqlTypeName.TimestampNs
                : SqlTypeName.Timestamp;
        }
        if (kind != ValueKind.BigInt || element.Type != Int32)
        {
            return SqlTypeName.Of(kind);
        }
        var signed = logical?.Kind == LogicalInteger ? logical.IntSigned != false : converted is not (ConvertedUint8 or ConvertedUint16 or ConvertedUint32);
        var width = logical?.Kind == LogicalInteger
            ? logical.IntBitWidth ?? 32
            : converted switch { ConvertedInt8 or ConvertedUint8 => 8, ConvertedInt16 or ConvertedUint16 => 16, _ => 32 };
        return (width, signed) switch
        {
            (8, true) => SqlTypeName.TinyInt,
            (16, true) => SqlTypeName.SmallInt,
            (_, true) => SqlTypeName.Integer,
            (8, false) => SqlTypeName.UTinyInt,
            (16, false) => SqlTypeName.USmallInt,
            _ => SqlTypeName.UInteger,
        };
    }
}
