using DataLocal.Common.Query;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Each result column's SQL type as DuckDB names it (BIGINT, DECIMAL(9,2), DATE, …), so a client can turn
/// the invariant text values back into typed ones. The plan's type wins where it has one; otherwise the
/// values' kinds decide, and a column of only NULLs is VARCHAR.
/// </summary>
public static class ResultSqlType
{
    /// <param name="planned">The plan's type per column (<see cref="QueryPlan.ColumnSqlTypes"/>), null entries where
    /// it cannot tell; ignored when null or of another width than the result (a file stored without its footer).</param>
    /// <param name="result">The merged result.</param>
    public static IReadOnlyList<string> Of(IReadOnlyList<string?>? planned, QueryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var width = result.Columns.Count;
        var types = new string?[width];
        if (planned is not null && planned.Count == width)
        {
            for (var i = 0; i < width; i++)
            {
                types[i] = planned[i];
            }
        }
        if (Array.IndexOf(types, null) < 0)
        {
            return types!;
        }
        var fromValues = FromValues(result, types);
        return [.. types.Select((t, i) => t ?? fromValues[i])];
    }

    // One pass over the rows for the columns the plan left open (a result may have millions of rows).
    private static string[] FromValues(QueryResult result, string?[] known)
    {
        var width = known.Length;
        var kinds = new ValueKind[width];
        var mixed = new bool[width];
        foreach (var row in result.Rows)
        {
            for (var i = 0; i < width; i++)
            {
                if (known[i] is null && !mixed[i] && row[i] is { } value)
                {
                    (kinds[i], mixed[i]) = Widen(kinds[i], SqlValues.KindOf(value));
                }
            }
        }
        return [.. Enumerable.Range(0, width).Select(i => mixed[i] ? SqlTypeName.Varchar : SqlTypeName.Of(kinds[i]) ?? SqlTypeName.Varchar)];
    }

    // Numbers of several kinds in one column (SUM of BIGINT is DECIMAL only in groups past overflow) widen as
    // arithmetic does; any other mixture has no one type, and its text is all a client can rely on.
    private static (ValueKind Kind, bool Mixed) Widen(ValueKind seen, ValueKind next) =>
        seen == ValueKind.Null || seen == next ? (next, false)
        : SqlValues.IsNumeric(seen) && SqlValues.IsNumeric(next) ? (SqlValues.ArithmeticKind(BinaryOperator.Add, seen, next), false)
        : (seen, true);
}
