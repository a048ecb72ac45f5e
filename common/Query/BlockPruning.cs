using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>
/// Decides from a block's min/max/null-count statistics whether a WHERE clause can possibly hold for any of
/// its rows. It answers "no" only on proof (comparisons, BETWEEN, IN and IS NULL of a column against
/// constants, combined with AND/OR); anything it does not understand might match, so a wrong answer can
/// only cost a task, never a row.
/// </summary>
internal static class BlockPruning
{
    public static bool MightMatch(SqlExpr filter, IReadOnlyList<ColumnStatisticsInfo> statistics) => filter switch
    {
        BinaryExpr { Operator: BinaryOperator.And } and => MightMatch(and.Left, statistics) && MightMatch(and.Right, statistics),
        BinaryExpr { Operator: BinaryOperator.Or } or => MightMatch(or.Left, statistics) || MightMatch(or.Right, statistics),
        LiteralExpr { Value: null or false } => false,
        BinaryExpr { Left: ColumnExpr column, Right: LiteralExpr literal } binary when SqlValues.IsComparison(binary.Operator) =>
            ComparisonMightMatch(Find(statistics, column), binary.Operator, literal.Value),
        BinaryExpr { Left: LiteralExpr literal, Right: ColumnExpr column } binary when SqlValues.IsComparison(binary.Operator) =>
            ComparisonMightMatch(Find(statistics, column), SqlValues.Flip(binary.Operator), literal.Value),
        BetweenExpr { Negated: false, Operand: ColumnExpr column, Low: LiteralExpr low, High: LiteralExpr high } =>
            ComparisonMightMatch(Find(statistics, column), BinaryOperator.GreaterOrEqual, low.Value)
            && ComparisonMightMatch(Find(statistics, column), BinaryOperator.LessOrEqual, high.Value),
        InExpr { Negated: false, Operand: ColumnExpr column } inList when inList.Items.All(i => i is LiteralExpr) =>
            InListMightMatch(Find(statistics, column), inList.Items),
        IsNullExpr { Negated: false, Operand: ColumnExpr column } => Find(statistics, column)?.NullCount is not 0,
        _ => true,
    };

    // The column's statistics are looked up once per list, not once per item: lists run to thousands of items.
    private static bool InListMightMatch(ColumnStatisticsInfo? stats, IReadOnlyList<SqlExpr> items) =>
        items.Any(i => ComparisonMightMatch(stats, BinaryOperator.Equal, ((LiteralExpr)i).Value));

    private static ColumnStatisticsInfo? Find(IReadOnlyList<ColumnStatisticsInfo> statistics, ColumnExpr column) =>
        statistics.FirstOrDefault(s => s.Column == column.Name)
        ?? statistics.FirstOrDefault(s => string.Equals(s.Column, column.Name, StringComparison.OrdinalIgnoreCase));

    private static bool ComparisonMightMatch(ColumnStatisticsInfo? stats, BinaryOperator op, object? literal)
    {
        if (literal is null)
        {
            return false; // a comparison with NULL is never true
        }
        if (stats is null)
        {
            return true;
        }
        var min = CompareStatistic(stats.Min, literal);
        var max = CompareStatistic(stats.Max, literal);
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

    /// <summary>The sign of (statistic − literal), or null when the text cannot be compared with the literal.</summary>
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
                return Math.Sign(string.CompareOrdinal(text, s));
            default:
                return null;
        }
    }
}
