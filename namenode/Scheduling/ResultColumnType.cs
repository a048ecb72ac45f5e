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
        var width = result.Columns.Count;
        // One pass over the rows, every column at once: a result may have hundreds of thousands of rows.
        var seen = new bool[width];
        var numbers = Enumerable.Repeat(true, width).ToArray();
        var booleans = Enumerable.Repeat(true, width).ToArray();
        foreach (var row in result.Rows)
        {
            for (var i = 0; i < width; i++)
            {
                if (row[i] is { } value)
                {
                    seen[i] = true;
                    numbers[i] &= IsJsonNumber(value);
                    booleans[i] &= value is bool;
                }
            }
        }
        return [.. Enumerable.Range(0, width).Select(i => !seen[i] ? Text : numbers[i] ? Number : booleans[i] ? Boolean : Text)];
    }

    private static bool IsJsonNumber(object? value) => value switch
    {
        long or int or decimal => true,
        double d => double.IsFinite(d),
        float f => float.IsFinite(f),
        _ => false,
    };
}
