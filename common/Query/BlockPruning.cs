using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>
/// Decides from a block's min/max/null-count statistics whether a WHERE clause can possibly hold for any of
/// its rows. It answers "no" only on proof (comparisons, BETWEEN, IN and IS NULL of a column against
/// constants, combined with AND/OR); anything it does not understand might match, so a wrong answer can
/// only cost a task, never a row. Given the file's schema, a bound is compared with a constant exactly as the
/// engine compares the column's values with it (<see cref="SqlValues.Compare"/>); text orders by UTF-8 bytes.
/// </summary>
internal static class BlockPruning
{
    public static bool MightMatch(SqlExpr filter, IReadOnlyList<ColumnStatisticsInfo> statistics, QuerySchema? schema) =>
        new Pruner(statistics, schema).MightMatch(filter);

    private sealed class Pruner(IReadOnlyList<ColumnStatisticsInfo> statistics, QuerySchema? schema)
    {
        public bool MightMatch(SqlExpr filter) => filter switch
        {
            BinaryExpr { Operator: BinaryOperator.And } and => MightMatch(and.Left) && MightMatch(and.Right),
            BinaryExpr { Operator: BinaryOperator.Or } or => MightMatch(or.Left) || MightMatch(or.Right),
            LiteralExpr { Value: null or false } => false,
            BinaryExpr { Left: ColumnExpr column, Right: LiteralExpr literal } binary when SqlValues.IsComparison(binary.Operator) =>
                ComparisonMightMatch(Find(column), binary.Operator, literal.Value),
            BinaryExpr { Left: LiteralExpr literal, Right: ColumnExpr column } binary when SqlValues.IsComparison(binary.Operator) =>
                ComparisonMightMatch(Find(column), SqlValues.Flip(binary.Operator), literal.Value),
            BetweenExpr { Negated: false, Operand: ColumnExpr column, Low: LiteralExpr low, High: LiteralExpr high } =>
                ComparisonMightMatch(Find(column), BinaryOperator.GreaterOrEqual, low.Value)
                && ComparisonMightMatch(Find(column), BinaryOperator.LessOrEqual, high.Value),
            InExpr { Negated: false, Operand: ColumnExpr column } inList when inList.Items.All(i => i is LiteralExpr) =>
                InListMightMatch(Find(column), inList.Items),
            IsNullExpr { Negated: false, Operand: ColumnExpr column } => Find(column)?.NullCount is not 0,
            _ => true,
        };

        // The column's statistics are looked up once per list, not once per item: lists run to thousands of items.
        private static bool InListMightMatch(Bound? stats, IReadOnlyList<SqlExpr> items) =>
            items.Any(i => ComparisonMightMatch(stats, BinaryOperator.Equal, ((LiteralExpr)i).Value));

        private Bound? Find(ColumnExpr column)
        {
            var stats = statistics.FirstOrDefault(s => s.Column == column.Name)
                ?? statistics.FirstOrDefault(s => string.Equals(s.Column, column.Name, StringComparison.OrdinalIgnoreCase));
            return stats is null ? null : new Bound(stats, schema?.Find(column.Name)?.Kind);
        }
    }

    /// <summary>A column's statistics and, when the schema is known, the kind of its values.</summary>
    private sealed class Bound(ColumnStatisticsInfo statistics, ValueKind? kind)
    {
        // Read as the column's kind once per block, not once per comparison: an IN list compares
        // thousands of items with the same two bounds.
        private readonly Lazy<object?> _min = new(() => kind is { } k ? ParseTyped(statistics.Min, k) : null);
        private readonly Lazy<object?> _max = new(() => kind is { } k ? ParseTyped(statistics.Max, k) : null);

        public ColumnStatisticsInfo Statistics => statistics;

        public ValueKind? Kind => kind;

        public long? NullCount => statistics.NullCount;

        public object? TypedMin => _min.Value;

        public object? TypedMax => _max.Value;
    }

    private static bool ComparisonMightMatch(Bound? stats, BinaryOperator op, object? literal)
    {
        if (literal is null)
        {
            return false; // a comparison with NULL is never true
        }
        if (stats is null)
        {
            return true;
        }
        var (min, max) = stats.Kind is { } kind
            ? (CompareTyped(stats.TypedMin, literal, kind), CompareTyped(stats.TypedMax, literal, kind))
            : (CompareStatistic(stats.Statistics.Min, literal), CompareStatistic(stats.Statistics.Max, literal));
        return op switch
        {
            BinaryOperator.Equal => !(min > 0 || max < 0),
            BinaryOperator.NotEqual => !(min == 0 && max == 0),
            BinaryOperator.Less => !(min >= 0),
            BinaryOperator.LessOrEqual => !(min > 0),
            BinaryOperator.Greater => !(max <= 0),
            _ => !(max < 0),
        };
    }

    /// <summary>Without the file's schema: the sign of (statistic − literal), or null when the text cannot be compared with the literal.</summary>
    private static int? CompareStatistic(string? text, object literal)
    {
        if (text is null)
        {
            return null;
        }
        var isNumber = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && !double.IsNaN(number);
        switch (literal)
        {
            case long or decimal when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact):
                return Math.Sign(exact.CompareTo(SqlValues.ToDecimal(literal)));
            case long or decimal or double when isNumber:
                return Math.Sign(number.CompareTo(SqlValues.ToDouble(literal)));
            case DateOnly date when !isNumber:
                return Math.Sign(string.CompareOrdinal(text, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            case string s when !isNumber && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                // Numbers written as text would compare as text; only text against text is decided.
                return Math.Sign(Utf8Order.Compare(text, s));
            default:
                return null;
        }
    }

    // The bound's text read as the column's kind; null when absent or unreadable.
    private static object? ParseTyped(string? text, ValueKind kind) => text is null ? null : kind switch
        {
            ValueKind.BigInt or ValueKind.Numeric when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) => exact,
            ValueKind.Real when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => real,
            ValueKind.Float when float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var single) => single,
            ValueKind.Varchar => text,
            ValueKind.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
            _ => null,
        };

    // The bound (read as the column's kind) compared with the literal under the engine's coercion rules.
    private static int? CompareTyped(object? bound, object literal, ValueKind kind)
    {
        if (bound is null)
        {
            return null;
        }
        if (kind == ValueKind.Varchar && literal is not string)
        {
            return null;
        }
        try
        {
            return Math.Sign(SqlValues.Compare(bound, literal));
        }
        catch (QueryException)
        {
            return null; // not comparable, or text that is no date: the task will say so
        }
    }
}
