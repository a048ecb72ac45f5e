namespace DataLocal.Common.Query;

/// <summary>Walking and rewriting expression trees.</summary>
public static class SqlExprs
{
    /// <summary>The expression's direct children.</summary>
    public static IEnumerable<SqlExpr> Children(SqlExpr expr) => expr switch
    {
        UnaryExpr unary => [unary.Operand],
        BinaryExpr binary => [binary.Left, binary.Right],
        InExpr inList => [inList.Operand, .. inList.Items],
        BetweenExpr between => [between.Operand, between.Low, between.High],
        IsNullExpr isNull => [isNull.Operand],
        FunctionExpr function => function.Arguments,
        AggregateExpr { Argument: { } argument } => [argument],
        _ => [],
    };

    /// <summary>The expression and all its descendants, parents first.</summary>
    public static IEnumerable<SqlExpr> DescendantsAndSelf(SqlExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var stack = new Stack<SqlExpr>();
        stack.Push(expr);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            foreach (var child in Children(current).Reverse())
            {
                stack.Push(child);
            }
        }
    }

    public static bool ContainsAggregate(SqlExpr expr) => DescendantsAndSelf(expr).Any(e => e is AggregateExpr);

    /// <summary>
    /// Rebuilds the tree bottom-up where <paramref name="replace"/> returns a node (it is asked parents first;
    /// a returned node is not descended into).
    /// </summary>
    public static SqlExpr Rewrite(SqlExpr expr, Func<SqlExpr, SqlExpr?> replace)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(replace);
        if (replace(expr) is { } replaced)
        {
            return replaced;
        }
        return expr switch
        {
            UnaryExpr unary => unary with { Operand = Rewrite(unary.Operand, replace) },
            BinaryExpr binary => binary with { Left = Rewrite(binary.Left, replace), Right = Rewrite(binary.Right, replace) },
            InExpr inList => inList with
            {
                Operand = Rewrite(inList.Operand, replace),
                Items = inList.Items.Select(i => Rewrite(i, replace)).ToArray(),
            },
            BetweenExpr between => between with
            {
                Operand = Rewrite(between.Operand, replace),
                Low = Rewrite(between.Low, replace),
                High = Rewrite(between.High, replace),
            },
            IsNullExpr isNull => isNull with { Operand = Rewrite(isNull.Operand, replace) },
            FunctionExpr function => function with { Arguments = function.Arguments.Select(a => Rewrite(a, replace)).ToArray() },
            AggregateExpr { Argument: { } argument } aggregate => aggregate with { Argument = Rewrite(argument, replace) },
            _ => expr,
        };
    }
}
