using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace DataLocal.Common.Parquet;

/// <summary>
/// Renders a column chunk's Parquet statistics as invariant text, and tells how that text orders. Anything
/// this cannot render faithfully becomes null (unknown): a wrong bound would make block pruning skip data.
/// </summary>
internal static class ParquetStatistics
{
    // parquet.thrift enum values.
    private const int Int32 = 1, Int64 = 2, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7;
    private const int ConvertedUtf8 = 0, ConvertedEnum = 4, ConvertedDecimal = 5, ConvertedDate = 6;
    private const int ConvertedUint8 = 11, ConvertedUint64 = 14, ConvertedInt8 = 15, ConvertedInt64 = 18, ConvertedJson = 19;
    private const int LogicalString = 1, LogicalEnum = 4, LogicalDecimal = 5, LogicalDate = 6, LogicalInteger = 10, LogicalJson = 12;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static StatisticsOrder OrderOf(LeafColumn column)
    {
        var element = column.Element;
        var logical = element.LogicalType?.Kind;
        var converted = element.ConvertedType;
        if (logical == LogicalDecimal || (logical is null && converted == ConvertedDecimal))
        {
            return element.Type is Int32 or Int64 or ByteArray or FixedLenByteArray ? StatisticsOrder.ScaledDecimal : StatisticsOrder.None;
        }
        return element.Type switch
        {
            Int32 when logical == LogicalDate || (logical is null && converted == ConvertedDate) => StatisticsOrder.Date,
            Int32 or Int64 when logical == LogicalInteger => element.LogicalType!.IntSigned == false ? StatisticsOrder.UnsignedInteger : StatisticsOrder.SignedInteger,
            Int32 or Int64 when logical is null && converted is >= ConvertedUint8 and <= ConvertedUint64 => StatisticsOrder.UnsignedInteger,
            Int32 or Int64 when logical is null && (converted is null or (>= ConvertedInt8 and <= ConvertedInt64)) => StatisticsOrder.SignedInteger,
            Float or Double when logical is null => StatisticsOrder.Floating,
            ByteArray or FixedLenByteArray when logical is LogicalString or LogicalEnum or LogicalJson => StatisticsOrder.Utf8,
            ByteArray or FixedLenByteArray when logical is null && converted is ConvertedUtf8 or ConvertedEnum or ConvertedJson => StatisticsOrder.Utf8,
            _ => StatisticsOrder.None,
        };
    }

    public static ColumnStatistics Render(LeafColumn column, StatisticsOrder order, StatisticsMetadata? statistics)
    {
        if (statistics is null)
        {
            return new ColumnStatistics(column.Path, null, null, null);
        }
        // The legacy min/max fields were written with signed byte-wise order; they are right only for
        // signed numbers, so strings, decimals in binary and unsigned integers use min_value/max_value only.
        var legacyTrusted = column.PhysicalType is Int32 or Int64 or Float or Double && order != StatisticsOrder.UnsignedInteger;
        var min = statistics.MinValue ?? (legacyTrusted ? statistics.LegacyMin : null);
        var max = statistics.MaxValue ?? (legacyTrusted ? statistics.LegacyMax : null);
        var nullCount = statistics.NullCount is >= 0 ? statistics.NullCount : null;
        return new ColumnStatistics(column.Path, Format(column, order, min), Format(column, order, max), nullCount);
    }

    private static string? Format(LeafColumn column, StatisticsOrder order, byte[]? value)
    {
        if (value is null)
        {
            return null;
        }
        var physical = column.PhysicalType;
        return order switch
        {
            StatisticsOrder.SignedInteger when physical == Int32 && value.Length == 4 =>
                BinaryPrimitives.ReadInt32LittleEndian(value).ToString(CultureInfo.InvariantCulture),
            StatisticsOrder.SignedInteger when physical == Int64 && value.Length == 8 =>
                BinaryPrimitives.ReadInt64LittleEndian(value).ToString(CultureInfo.InvariantCulture),
            StatisticsOrder.UnsignedInteger when physical == Int32 && value.Length == 4 =>
                BinaryPrimitives.ReadUInt32LittleEndian(value).ToString(CultureInfo.InvariantCulture),
            StatisticsOrder.UnsignedInteger when physical == Int64 && value.Length == 8 =>
                BinaryPrimitives.ReadUInt64LittleEndian(value).ToString(CultureInfo.InvariantCulture),
            StatisticsOrder.Date when value.Length == 4 => FormatDate(BinaryPrimitives.ReadInt32LittleEndian(value)),
            StatisticsOrder.Floating when physical == Float && value.Length == 4 =>
                FormatFloating(BinaryPrimitives.ReadSingleLittleEndian(value)),
            StatisticsOrder.Floating when physical == Double && value.Length == 8 =>
                FormatFloating(BinaryPrimitives.ReadDoubleLittleEndian(value)),
            StatisticsOrder.Utf8 => FormatUtf8(value),
            StatisticsOrder.ScaledDecimal => FormatDecimal(column, value),
            _ => null,
        };
    }

    private static string? FormatDate(int daysSinceEpoch)
    {
        var dayNumber = (long)DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + daysSinceEpoch;
        return dayNumber >= DateOnly.MinValue.DayNumber && dayNumber <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)dayNumber).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
    }

    // Float statistics print as float (shortest text that round-trips the float), doubles as double.
    private static string? FormatFloating(float value) =>
        float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;

    private static string? FormatFloating(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : null;

    private static string? FormatUtf8(byte[] value)
    {
        try
        {
            return StrictUtf8.GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? FormatDecimal(LeafColumn column, byte[] value)
    {
        var element = column.Element;
        var scale = element.LogicalType?.DecimalScale ?? element.Scale ?? 0;
        if (scale < 0 || value.Length == 0)
        {
            return null;
        }
        BigInteger? unscaled = (column.PhysicalType, value.Length) switch
        {
            (Int32, 4) => (BigInteger)BinaryPrimitives.ReadInt32LittleEndian(value),
            (Int64, 8) => (BigInteger)BinaryPrimitives.ReadInt64LittleEndian(value),
            (ByteArray or FixedLenByteArray, _) => new BigInteger(value, isUnsigned: false, isBigEndian: true),
            _ => null,
        };
        return unscaled is { } u ? ScaledDecimalText(u, scale) : null;
    }

    /// <summary>Unscaled value and scale to text with exactly <paramref name="scale"/> fraction digits.</summary>
    public static string ScaledDecimalText(BigInteger unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var sign = unscaled.Sign < 0 ? "-" : "";
        return scale == 0 ? sign + digits : $"{sign}{digits[..^scale]}.{digits[^scale..]}";
    }
}
