namespace DataLocal.Common.Query;

/// <summary>
/// The namenode's half of a query: merges the tasks' partial results, finishes the aggregates, evaluates
/// the output expressions, sorts, applies LIMIT and drops the sort-only columns.
/// </summary>
public static class ResultMerger
{
    /// <param name="starColumns">
    /// The file's columns, for <c>*</c> when no task ran (statistics pruned every block): the result still has
    /// them, with no rows. Tasks' own lists win when there are any.
    /// </param>
    public static QueryResult Merge(QueryPlan plan, IEnumerable<PartialResult> partials, IReadOnlyList<string>? starColumns = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(partials);
        var list = partials.ToList();
        if (list.Any(p => p.IsAggregate != plan.IsAggregate))
        {
            throw new QueryException("a partial result does not match the query (aggregate vs rows)");
        }
        return plan.IsAggregate ? MergeGroups(plan, list) : MergeRows(plan, list, starColumns);
    }

    private static QueryResult MergeGroups(QueryPlan plan, List<PartialResult> partials)
    {
        var groups = new Dictionary<GroupKey, AggregateState[]>();
        foreach (var group in partials.SelectMany(p => p.Groups))
        {
            if (group.Key.Count != plan.GroupBy.Count || group.States.Count != plan.Aggregates.Count)
            {
                throw new QueryException("a partial result does not match the query (group shape)");
            }
            var key = new GroupKey(group.Key);
            if (!groups.TryGetValue(key, out var states))
            {
                groups[key] = states = NewStates(plan);
            }
            for (var i = 0; i < states.Length; i++)
            {
                states[i].Merge(group.States[i]);
            }
        }
        if (groups.Count == 0 && plan.GroupBy.Count == 0)
        {
            // A global aggregate over no rows still yields one row: count 0, other aggregates NULL.
            groups[new GroupKey([])] = NewStates(plan);
        }
        var rows = new List<IReadOnlyList<object?>>(groups.Count);
        foreach (var (key, states) in groups)
        {
            var slots = key.Values.Concat(states.Select(s => s.Result())).ToArray();
            rows.Add(plan.Outputs
                .Select(output => ScalarEvaluator.Evaluate(output, e => slots[((SlotExpr)e).Index]))
                .ToArray());
        }
        return Finish(plan, rows, plan.OutputNames.Take(plan.VisibleCount).ToArray(), starWidth: 1);
    }

    private static QueryResult MergeRows(QueryPlan plan, List<PartialResult> partials, IReadOnlyList<string>? fileColumns)
    {
        var starColumns = partials.Select(p => p.StarColumns).FirstOrDefault(c => c is not null) ?? fileColumns;
        var starWidth = plan.StarIndex < 0 ? 1 : starColumns?.Count ?? 0;
        var names = new List<string>();
        for (var i = 0; i < plan.VisibleCount; i++)
        {
            if (i == plan.StarIndex)
            {
                names.AddRange(starColumns ?? []);
            }
            else
            {
                names.Add(plan.OutputNames[i]);
            }
        }
        var rows = partials.SelectMany(p => p.Rows).ToList();
        return Finish(plan, rows, names, starWidth);
    }

    private static QueryResult Finish(QueryPlan plan, List<IReadOnlyList<object?>> rows, IReadOnlyList<string> names, int starWidth)
    {
        IEnumerable<IReadOnlyList<object?>> ordered = rows;
        var ordering = new RowOrdering(plan, starWidth);
        if (!ordering.IsEmpty)
        {
            ordered = rows.OrderBy(r => r, ordering); // stable, so ties keep task order
        }
        if (plan.Limit is { } limit)
        {
            ordered = ordered.Take((int)Math.Min(limit, int.MaxValue));
        }
        var visible = names.Count;
        var result = ordered
            .Select(r => r.Count == visible ? r : (IReadOnlyList<object?>)r.Take(visible).ToArray())
            .ToArray();
        return new QueryResult(names, result);
    }

    private static AggregateState[] NewStates(QueryPlan plan) =>
        plan.Aggregates.Select(a => new AggregateState(a.Function)).ToArray();
}
