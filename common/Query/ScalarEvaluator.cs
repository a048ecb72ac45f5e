namespace DataLocal.Common.Query;

/// <summary>
/// Evaluates an expression for one row, with SQL three-valued logic (a boolean result is true, false or
/// null). The namenode uses it on the few merged rows (final aggregates, <c>round(sum(x), 2)</c>); bulk
/// filtering on datanodes is vectorised instead.
/// </summary>
public static class ScalarEvaluator
{
    /// <summary>Evaluates <paramref name="expr"/>; <paramref name="leaf"/> gives the value of a column or slot.</summary>
    public static object? Evaluate(SqlExpr expr, Func<SqlExpr, object?> leaf)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(leaf);
        switch (expr)
        {
            case LiteralExpr literal:
                return literal.Value;
            case ColumnExpr or SlotExpr:
                return leaf(expr);
            case UnaryExpr { Operator: UnaryOperator.Not } not:
                return Not(AsBool(Evaluate(not.Operand, leaf)));
            case UnaryExpr negate:
                var operand = Evaluate(negate.Operand, leaf);
                return operand is null ? null : SqlValues.Arithmetic(BinaryOperator.Subtract, ZeroLike(operand), operand);
            case BinaryExpr { Operator: BinaryOperator.And } and:
                return And(AsBool(Evaluate(and.Left, leaf)), AsBool(Evaluate(and.Right, leaf)));
            case BinaryExpr { Operator: BinaryOperator.Or } or:
                return Or(AsBool(Evaluate(or.Left, leaf)), AsBool(Evaluate(or.Right, leaf)));
            case BinaryExpr binary when SqlValues.IsComparison(binary.Operator):
                return Comparison(binary.Operator, Evaluate(binary.Left, leaf), Evaluate(binary.Right, leaf));
            case BinaryExpr binary:
                return SqlValues.Arithmetic(binary.Operator, Evaluate(binary.Left, leaf), Evaluate(binary.Right, leaf));
            case IsNullExpr isNull:
                return Evaluate(isNull.Operand, leaf) is null != isNull.Negated;
            case BetweenExpr between:
                var value = Evaluate(between.Operand, leaf);
                var inside = And(
                    Comparison(BinaryOperator.GreaterOrEqual, value, Evaluate(between.Low, leaf)),
                    Comparison(BinaryOperator.LessOrEqual, value, Evaluate(between.High, leaf)));
                return between.Negated ? Not(inside) : inside;
            case InExpr inList:
                var probe = Evaluate(inList.Operand, leaf);
                var found = InListSet.For(inList, SqlValues.KindOf(probe)) is { } set
                    ? set.Contains(probe)
                    : CompareEach(probe, inList.Items, leaf);
                return inList.Negated ? Not(found) : found;
            case FunctionExpr function:
                return SqlFunctions.Apply(function, Evaluate(function.Arguments[0], leaf));
            default:
                throw new QueryException($"cannot evaluate {expr} here");
        }
    }

    // An IN list with a non-constant item: compared item by item.
    private static bool? CompareEach(object? probe, IReadOnlyList<SqlExpr> items, Func<SqlExpr, object?> leaf)
    {
        bool? found = false;
        foreach (var item in items)
        {
            found = Or(found, Comparison(BinaryOperator.Equal, probe, Evaluate(item, leaf)));
        }
        return found;
    }

    public static bool? Comparison(BinaryOperator op, object? left, object? right) =>
        left is null || right is null ? null : SqlValues.Satisfies(op, SqlValues.Compare(left, right));

    public static bool? And(bool? left, bool? right) =>
        left == false || right == false ? false : left is null || right is null ? null : true;

    public static bool? Or(bool? left, bool? right) =>
        left == true || right == true ? true : left is null || right is null ? null : false;

    public static bool? Not(bool? value) => value is null ? null : !value.Value;

    private static bool? AsBool(object? value) => value switch
    {
        null => null,
        bool b => b,
        _ => throw new QueryException($"{SqlValues.KindOf(value).ToString().ToUpperInvariant()} is not a boolean condition"),
    };

    private static object ZeroLike(object value) => value switch
    {
        double => 0.0,
        float => 0f,
        decimal => 0m,
        _ => 0L,
    };
}
