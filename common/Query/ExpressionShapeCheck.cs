using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>
/// Refuses a parsed statement whose expressions are deeper than <see cref="QueryLimits.MaxExpressionDepth"/>
/// or have more than <see cref="QueryLimits.MaxExpressionNodes"/> nodes in all. It walks the trees with an
/// explicit stack, so it is safe on any tree; every recursive walk after it (planner, renderer, evaluators,
/// block pruning, merging) then only ever sees bounded trees.
/// </summary>
internal static class ExpressionShapeCheck
{
    public static void Check(SelectStatement statement)
    {
        var pending = new Stack<(SqlExpr Expr, int Depth)>();
        foreach (var root in Roots(statement))
        {
            pending.Push((root, 1));
        }
        var nodes = 0;
        while (pending.Count > 0)
        {
            var (expr, depth) = pending.Pop();
            if (++nodes > QueryLimits.MaxExpressionNodes)
            {
                throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                    $"the query has more than {QueryLimits.MaxExpressionNodes:N0} expression nodes (columns, constants, operators and calls); simplify it"));
            }
            if (depth > QueryLimits.MaxExpressionDepth)
            {
                throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                    $"an expression is deeper than {QueryLimits.MaxExpressionDepth:N0} levels (each operator in a chain such as a + b + c adds one); simplify the query"));
            }
            foreach (var child in SqlExprs.Children(expr))
            {
                pending.Push((child, depth + 1));
            }
        }
    }

    private static IEnumerable<SqlExpr> Roots(SelectStatement statement)
    {
        foreach (var item in statement.Items)
        {
            yield return item.Expr;
        }
        if (statement.Where is { } where)
        {
            yield return where;
        }
        foreach (var item in statement.GroupBy?.Items ?? [])
        {
            yield return item;
        }
        foreach (var item in statement.OrderBy?.Items ?? [])
        {
            yield return item.Expr;
        }
    }
}
