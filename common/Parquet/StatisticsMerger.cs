using System.Globalization;
using System.Numerics;
using System.Text;

namespace DataLocal.Common.Parquet;

/// <summary>
/// Merges a column's statistics over several row groups: min of mins and max of maxes compared in the
/// column's own order (numbers as numbers, strings by UTF-8 bytes), null counts summed. Any unknown part
/// makes the merged value unknown, since a guessed bound would let pruning skip rows it must read.
/// </summary>
internal static class StatisticsMerger
{
    public static ColumnStatistics Merge(string column, StatisticsOrder order, IReadOnlyList<ColumnStatistics> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }
        string? min = null, max = null;
        long? nullCount = 0;
        var boundsKnown = order != StatisticsOrder.None;
        foreach (var part in parts)
        {
            nullCount = nullCount is { } sum && part.NullCount is { } count ? sum + count : null;
            if (!boundsKnown)
            {
                continue;
            }
            if (part.Min is null || part.Max is null)
            {
                boundsKnown = false;
                continue;
            }
            var minOrder = min is null ? -1 : Compare(order, part.Min, min);
            var maxOrder = max is null ? 1 : Compare(order, part.Max, max);
            if (minOrder is null || maxOrder is null)
            {
                boundsKnown = false;
                continue;
            }
            min = minOrder < 0 ? part.Min : min;
            max = maxOrder > 0 ? part.Max : max;
        }
        return boundsKnown && parts.Count > 0
            ? new ColumnStatistics(column, min, max, nullCount)
            : new ColumnStatistics(column, null, null, nullCount);
    }

    /// <summary>Compares two statistics texts of one column; null when either does not parse.</summary>
    private static int? Compare(StatisticsOrder order, string a, string b) => order switch
    {
        StatisticsOrder.SignedInteger => CompareParsed<long>(a, b),
        StatisticsOrder.UnsignedInteger => CompareParsed<ulong>(a, b),
        StatisticsOrder.Floating => CompareParsed<double>(a, b),
        // yyyy-MM-dd with four-digit years sorts as text.
        StatisticsOrder.Date => string.CompareOrdinal(a, b),
        // Parquet orders strings by unsigned bytes; UTF-16 ordinal order differs above U+D7FF.
        StatisticsOrder.Utf8 => DataLocal.Common.Query.Utf8Order.Compare(a, b),
        // All values of a decimal column share its scale, so the digits without the point compare as integers.
        StatisticsOrder.ScaledDecimal => CompareParsed<BigInteger>(a.Replace(".", "", StringComparison.Ordinal), b.Replace(".", "", StringComparison.Ordinal)),
        _ => null,
    };

    private static int? CompareParsed<T>(string a, string b)
        where T : INumber<T> =>
        T.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
        && T.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : null;
}
