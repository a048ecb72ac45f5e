namespace DataLocal.Common.Query;

/// <summary>
/// String order by UTF-8 bytes, which is Unicode code point order: the order of Parquet statistics, DuckDB
/// and Spark. .NET's ordinal order compares UTF-16 code units instead, which differs where a character above
/// U+FFFF (a surrogate pair, D800–DFFF) meets one in U+E000–U+FFFF. Every place that orders text (filters,
/// min/max, ORDER BY, block pruning, statistics) uses this one comparer; equality is plain ordinal equality.
/// </summary>
public sealed class Utf8Order : IComparer<string?>
{
    /// <summary>The comparer, for sorts and collections.</summary>
    public static Utf8Order Comparer { get; } = new();

    int IComparer<string?>.Compare(string? x, string? y) => Compare(x, y);

    /// <summary>Negative, zero or positive as <paramref name="x"/> sorts before, with or after <paramref name="y"/>; null first.</summary>
    public static int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }
        var a = x.AsSpan();
        var b = y.AsSpan();
        var common = a.CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }
        return CodePointRank(a[common]) - CodePointRank(b[common]);
    }

    // Moves surrogates (which stand for code points above U+FFFF) above U+E000–U+FFFF, keeping every other
    // order: the UTF-16 code unit order becomes code point order.
    private static int CodePointRank(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
