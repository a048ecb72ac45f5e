namespace DataLocal.Common.Query;

/// <summary>
/// Turns a parsed SELECT into a <see cref="QueryPlan"/>: resolves GROUP BY and ORDER BY references (aliases,
/// ordinals, ALL), checks the semantic rules (non-aggregated columns must be grouped, no aggregates in WHERE,
/// known functions), and splits the work between tasks (group keys, aggregates) and the namenode (final
/// expressions over slots, sort, limit).
/// </summary>
internal static class QueryPlanner
{
    public static QueryPlan Plan(string sql)
    {
        var statement = SqlParser.ParseStatement(sql);
        var source = CheckSource(statement);
        var items = statement.Items;
        foreach (var item in items)
        {
            Validate(item.Expr, allowAggregates: true);
        }
        if (statement.Where is { } where)
        {
            Validate(where, allowAggregates: false);
        }
        if (items.Count(i => i.Expr is StarExpr) > 1)
        {
            throw QueryException.Unsupported("more than one * in SELECT is not supported");
        }
        var orderItems = statement.OrderBy is { All: false } order ? order.Items : [];
        foreach (var orderItem in orderItems)
        {
            Validate(orderItem.Expr, allowAggregates: true);
        }

        var groupBy = ResolveGroupBy(statement);
        var isAggregate = statement.GroupBy is not null
            || items.Any(i => SqlExprs.ContainsAggregate(i.Expr))
            || orderItems.Any(o => SqlExprs.ContainsAggregate(o.Expr));
        var hasStar = items.Any(i => i.Expr is StarExpr);
        if (hasStar && isAggregate)
        {
            throw new QueryException("SELECT * cannot be combined with GROUP BY or aggregates");
        }

        var binder = new AggregateBinder(groupBy);
        var outputs = items.Select(i => isAggregate ? binder.Bind(i.Expr) : i.Expr).ToList();
        var names = items.Select(i => i.Alias ?? ExprText.Render(i.Expr)).ToList();
        var visible = outputs.Count;
        var orderKeys = ResolveOrderBy(statement, items, outputs, names, hasStar, isAggregate ? binder.Bind : e => e);

        var required = new List<string>();
        var sources = new List<SqlExpr>();
        if (statement.Where is not null)
        {
            sources.Add(statement.Where);
        }
        sources.AddRange(isAggregate ? [.. groupBy, .. binder.Aggregates] : outputs);
        foreach (var column in sources.SelectMany(SqlExprs.DescendantsAndSelf).OfType<ColumnExpr>())
        {
            if (!required.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
            {
                required.Add(column.Name);
            }
        }
        return new QueryPlan(sql, source, required, statement.Where, isAggregate, groupBy, binder.Aggregates,
            outputs, names, visible, orderKeys, statement.Limit);
    }

    private static string CheckSource(SelectStatement statement)
    {
        var source = statement.Source.Trim();
        if (source.Length == 0)
        {
            throw new QueryException("FROM needs a path or URL");
        }
        var isUrl = source.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (!statement.SourceQuoted && !isUrl && !source.StartsWith('/'))
        {
            throw new QueryException(
                $"FROM expects a cluster path such as /data/x.parquet or an http(s) URL, not '{source}'");
        }
        return source;
    }

    private static void Validate(SqlExpr expr, bool allowAggregates)
    {
        foreach (var node in SqlExprs.DescendantsAndSelf(expr))
        {
            switch (node)
            {
                case FunctionExpr function:
                    SqlFunctions.Validate(function);
                    break;
                case AggregateExpr when !allowAggregates:
                    throw new QueryException("aggregate functions are not allowed in WHERE");
                case AggregateExpr { Argument: { } argument } when SqlExprs.ContainsAggregate(argument):
                    throw new QueryException("aggregate functions cannot be nested");
                case StarExpr when !ReferenceEquals(node, expr):
                    throw new QueryException("* is only allowed alone in SELECT or in count(*)");
                default:
                    break;
            }
        }
    }

    private static List<SqlExpr> ResolveGroupBy(SelectStatement statement)
    {
        var result = new List<SqlExpr>();
        if (statement.GroupBy is null)
        {
            return result;
        }
        var candidates = statement.GroupBy.All
            ? statement.Items.Where(i => i.Expr is not StarExpr && !SqlExprs.ContainsAggregate(i.Expr)).Select(i => i.Expr)
            : statement.GroupBy.Items.Select(e => ResolveReference(e, statement.Items, "GROUP BY"));
        foreach (var expr in candidates)
        {
            Validate(expr, allowAggregates: false);
            if (SqlExprs.ContainsAggregate(expr))
            {
                throw new QueryException("aggregate functions are not allowed in GROUP BY");
            }
            if (expr is LiteralExpr)
            {
                continue;
            }
            var key = ExprText.Render(expr);
            if (!result.Any(g => ExprText.Render(g) == key))
            {
                result.Add(expr);
            }
        }
        return result;
    }

    // A GROUP BY / ORDER BY item may name a SELECT item by 1-based ordinal or by alias.
    private static SqlExpr ResolveReference(SqlExpr expr, IReadOnlyList<SelectItem> items, string clause)
    {
        if (expr is LiteralExpr { Value: long ordinal })
        {
            if (ordinal < 1 || ordinal > items.Count || items[(int)ordinal - 1].Expr is StarExpr)
            {
                throw new QueryException($"{clause} position {ordinal} is not in the SELECT list");
            }
            return items[(int)ordinal - 1].Expr;
        }
        if (expr is ColumnExpr column)
        {
            var aliased = items.FirstOrDefault(i => string.Equals(i.Alias, column.Name, StringComparison.OrdinalIgnoreCase));
            if (aliased is not null)
            {
                return aliased.Expr;
            }
        }
        return expr;
    }

    private static List<OrderKey> ResolveOrderBy(
        SelectStatement statement,
        IReadOnlyList<SelectItem> items,
        List<SqlExpr> outputs,
        List<string> names,
        bool hasStar,
        Func<SqlExpr, SqlExpr> bind)
    {
        var keys = new List<OrderKey>();
        if (statement.OrderBy is null)
        {
            return keys;
        }
        if (statement.OrderBy.All)
        {
            if (hasStar)
            {
                throw QueryException.Unsupported("ORDER BY ALL with SELECT * is not supported");
            }
            var descending = statement.OrderBy.Items[0].Descending;
            return Enumerable.Range(0, items.Count).Select(i => new OrderKey(i, descending, false)).ToList();
        }
        foreach (var item in statement.OrderBy.Items)
        {
            var index = -1;
            if (item.Expr is LiteralExpr { Value: long ordinal })
            {
                if (ordinal < 1 || ordinal > items.Count || hasStar)
                {
                    throw new QueryException($"ORDER BY position {ordinal} is not in the SELECT list");
                }
                index = (int)ordinal - 1;
            }
            else if (item.Expr is ColumnExpr column)
            {
                index = FindIndex(items, i => string.Equals(i.Alias, column.Name, StringComparison.OrdinalIgnoreCase));
            }
            if (index < 0)
            {
                var key = ExprText.Render(item.Expr);
                index = FindIndex(items, i => i.Expr is not StarExpr && ExprText.Render(i.Expr) == key);
            }
            if (index < 0)
            {
                // Sort-only expression: computed as a hidden column and dropped after sorting.
                outputs.Add(bind(item.Expr));
                names.Add(ExprText.Render(item.Expr));
                index = outputs.Count - 1;
            }
            keys.Add(new OrderKey(index, item.Descending, item.NullsFirst ?? false));
        }
        return keys;
    }

    private static int FindIndex(IReadOnlyList<SelectItem> items, Func<SelectItem, bool> match)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
