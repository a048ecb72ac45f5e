using DataLocal.Common.Query;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// What a result column's values are, as far as a client printing JSON needs to know: results travel
/// as invariant text, and a client cannot tell the number 7 from the text "7" without this.
/// </summary>
public static class ResultColumnType
{
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Text = "text";

    /// <summary>
    /// Each column's type from its values: number when every non-null value is one (integers, decimals and
    /// finite floating point; NaN and infinities have no JSON number), boolean likewise, otherwise text.
    /// A column of only nulls is text: its nulls print as null either way.
    /// </summary>
    public static IReadOnlyList<string> Of(QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Columns.Select((_, i) => Of(result.Rows.Select(r => r[i]).Where(v => v is not null).ToList()))];
    }

    private static string Of(List<object?> values) =>
        values.Count == 0 ? Text
        : values.All(IsJsonNumber) ? Number
        : values.All(v => v is bool) ? Boolean
        : Text;

    private static bool IsJsonNumber(object? value) => value switch
    {
        long or int or decimal => true,
        double d => double.IsFinite(d),
        float f => float.IsFinite(f),
        _ => false,
    };
}
