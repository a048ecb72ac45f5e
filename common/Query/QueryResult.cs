using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>A finished query: column names and rows of values (null, bool, long, double, decimal, string, DateOnly, DateTime).</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>
    /// Invariant display text of a value: integers plain, decimals without trailing zeros, doubles
    /// round-trip, dates <c>yyyy-MM-dd</c>, timestamps <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>, NULL as <c>NULL</c>.
    /// </summary>
    public static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.############################", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.'),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A row's values formatted and joined by <paramref name="separator"/>.</summary>
    public static string FormatRow(IReadOnlyList<object?> row, string separator = ",")
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join(separator, row.Select(Format));
    }

    /// <summary>All rows as text: values joined by <c>,</c>, rows by <c> ; </c>.</summary>
    public string ToText() => string.Join(" ; ", Rows.Select(r => FormatRow(r)));
}
