using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// A task's partial aggregation: finds each selected row's group, then feeds every aggregate one typed
/// loop per batch. Groups keep first-seen order so the partial result is deterministic.
/// </summary>
internal sealed class BlockAggregator(QueryPlan plan)
{
    // Batches by group pay off when a group has at least this many of a batch's rows on average.
    private const int RowsPerGroupForBatches = 16;

    // Largest number of key-code combinations numbered through an array rather than a dictionary.
    private const long DirectSlots = 1 << 16;

    private readonly Dictionary<GroupKey, int> index = [];
    private readonly List<PartialGroup> groups = [];

    public void Add(VectorEvaluator evaluator, int[] selected)
    {
        var keys = plan.GroupBy.Select(evaluator.Evaluate).ToArray();
        var arguments = plan.Aggregates.Select(a => a.Argument is null ? null : evaluator.Evaluate(a.Argument)).ToArray();
        if (keys.Length == 0)
        {
            var states = GroupStates([]);
            for (var a = 0; a < arguments.Length; a++)
            {
                Feed(states[a], arguments[a], selected);
            }
            return;
        }
        var rowGroups = AssignGroups(keys, selected);
        if (groups.Count * RowsPerGroupForBatches <= selected.Length)
        {
            // Few groups: each group's rows gathered once (in their order), then every aggregate adds a group's
            // rows in one typed loop per group. Each state still sees its values in the same order.
            var (rowsByGroup, starts) = GatherRowsByGroup(rowGroups, selected);
            for (var a = 0; a < arguments.Length; a++)
            {
                for (var g = 0; g < groups.Count; g++)
                {
                    if (starts[g + 1] > starts[g])
                    {
                        Feed(groups[g].States[a], arguments[a], rowsByGroup.AsSpan(starts[g], starts[g + 1] - starts[g]));
                    }
                }
            }
            return;
        }
        for (var a = 0; a < arguments.Length; a++)
        {
            var states = new AggregateState[groups.Count];
            for (var g = 0; g < states.Length; g++)
            {
                states[g] = groups[g].States[a];
            }
            Feed(states, rowGroups, arguments[a], selected);
        }
    }

    // The selected rows ordered by group (a counting sort, stable), and where each group's rows start.
    private (int[] Rows, int[] Starts) GatherRowsByGroup(int[] rowGroups, int[] selected)
    {
        var starts = VectorBuffers.Rent<int>(groups.Count + 1);
        foreach (var group in rowGroups)
        {
            starts[group + 1]++;
        }
        for (var g = 0; g < groups.Count; g++)
        {
            starts[g + 1] += starts[g];
        }
        var next = VectorBuffers.Rent<int>(groups.Count);
        Array.Copy(starts, next, groups.Count);
        var rows = VectorBuffers.Rent<int>(selected.Length);
        for (var r = 0; r < selected.Length; r++)
        {
            rows[next[rowGroups[r]]++] = selected[r];
        }
        return (rows, starts);
    }

    // Row r's value into its group's state: typed loops for the common kinds, chosen once per batch.
    private static void Feed(AggregateState[] states, int[] rowGroups, ColumnVector? argument, int[] selected)
    {
        if (argument is not null && argument.Nulls is null && !argument.IsConstant
            && states.Length > 0 && states[0].Function != AggregateFunction.Count)
        {
            switch (argument.Kind)
            {
                case ValueKind.BigInt:
                    var longs = argument.Longs!;
                    for (var r = 0; r < selected.Length; r++)
                    {
                        states[rowGroups[r]].Add(longs[selected[r]]);
                    }
                    return;
                case ValueKind.Real:
                    var doubles = argument.Doubles!;
                    for (var r = 0; r < selected.Length; r++)
                    {
                        states[rowGroups[r]].Add(doubles[selected[r]]);
                    }
                    return;
                case ValueKind.Date or ValueKind.Timestamp:
                    var temporal = argument.Longs!;
                    for (var r = 0; r < selected.Length; r++)
                    {
                        states[rowGroups[r]].AddTemporal(temporal[selected[r]], argument.Kind);
                    }
                    return;
            }
        }
        for (var r = 0; r < selected.Length; r++)
        {
            Feed(states[rowGroups[r]], argument, selected[r]);
        }
    }

    /// <summary>
    /// Each selected row's group. Key columns are coded per batch with typed dictionaries and the codes combined
    /// into one number, so a row costs a few typed lookups; key values are boxed and looked up by value only once
    /// per distinct combination in the batch.
    /// </summary>
    private int[] AssignGroups(ColumnVector[] keys, int[] selected)
    {
        var rowGroups = VectorBuffers.Rent<int>(selected.Length);
        var combined = VectorBuffers.Rent<long>(selected.Length);
        var codes = VectorBuffers.Rent<int>(selected.Length);
        long span = 1;
        foreach (var key in keys)
        {
            var count = GroupKeyCodes.Encode(key, selected, codes);
            if (span > long.MaxValue / 4 / count)
            {
                return AssignGroupsByValue(keys, selected);
            }
            for (var r = 0; r < selected.Length; r++)
            {
                combined[r] = combined[r] * count + codes[r];
            }
            span *= count;
        }
        if (span <= DirectSlots)
        {
            // Few combinations (TPC-H Q1's flags, a handful of dictionary entries): an array indexed by the
            // combined code, 1 + group, instead of a hash lookup per row.
            var slots = VectorBuffers.Rent<int>((int)span);
            for (var r = 0; r < selected.Length; r++)
            {
                var slot = (int)combined[r];
                if (slots[slot] == 0)
                {
                    slots[slot] = GroupOf(keys, selected[r]) + 1;
                }
                rowGroups[r] = slots[slot] - 1;
            }
            return rowGroups;
        }
        var batchGroups = new Dictionary<long, int>();
        for (var r = 0; r < selected.Length; r++)
        {
            if (!batchGroups.TryGetValue(combined[r], out var group))
            {
                group = GroupOf(keys, selected[r]);
                batchGroups[combined[r]] = group;
            }
            rowGroups[r] = group;
        }
        return rowGroups;
    }

    // Too many distinct combinations to number in a long: each row's key by value.
    private int[] AssignGroupsByValue(ColumnVector[] keys, int[] selected)
    {
        var rowGroups = VectorBuffers.Rent<int>(selected.Length);
        for (var r = 0; r < selected.Length; r++)
        {
            rowGroups[r] = GroupOf(keys, selected[r]);
        }
        return rowGroups;
    }

    private int GroupOf(ColumnVector[] keys, int row)
    {
        var key = new object?[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            // -0.0 and 0.0 are one group, shown as 0 (DuckDB's key), whichever the group met first.
            key[k] = keys[k].GetValue(row) switch
            {
                0.0d => 0.0d,
                0.0f => 0.0f,
                var value => value,
            };
        }
        if (!index.TryGetValue(new GroupKey(key), out var group))
        {
            group = groups.Count;
            index[new GroupKey(key)] = group;
            groups.Add(new PartialGroup(key, NewStates()));
        }
        return group;
    }

    public PartialResult Finish()
    {
        if (groups.Count == 0 && plan.GroupBy.Count == 0)
        {
            GroupStates([]);
        }
        return PartialResult.ForGroups(groups);
    }

    private IReadOnlyList<AggregateState> GroupStates(object?[] key)
    {
        if (!index.TryGetValue(new GroupKey(key), out var group))
        {
            group = groups.Count;
            index[new GroupKey(key)] = group;
            groups.Add(new PartialGroup(key, NewStates()));
        }
        return groups[group].States;
    }

    private AggregateState[] NewStates() => plan.Aggregates.Select(a => new AggregateState(a.Function)).ToArray();

    // The whole selection into one state (no GROUP BY): one loop per type.
    private static void Feed(AggregateState state, ColumnVector? argument, ReadOnlySpan<int> selected)
    {
        if (argument is null)
        {
            state.AddRows(selected.Length);
            return;
        }
        if (argument.Kind == ValueKind.Null)
        {
            return;
        }
        var constant = argument.IsConstant;
        switch (argument.Kind)
        {
            case ValueKind.BigInt when state.Function != AggregateFunction.Count && !constant:
                state.AddLongs(argument.Longs!, selected, argument.Nulls);
                break;
            case ValueKind.Real when state.Function != AggregateFunction.Count && !constant:
                state.AddDoubles(argument.Doubles!, selected, argument.Nulls);
                break;
            case ValueKind.Date or ValueKind.Timestamp when state.Function != AggregateFunction.Count && !constant:
                state.AddTemporals(argument.Longs!, selected, argument.Nulls, argument.Kind);
                break;
            case ValueKind.BigInt when state.Function != AggregateFunction.Count:
                foreach (var i in selected)
                {
                    if (!argument.IsNull(i))
                    {
                        state.Add(argument.Longs![0]);
                    }
                }
                break;
            case ValueKind.Real when state.Function != AggregateFunction.Count:
                foreach (var i in selected)
                {
                    if (!argument.IsNull(i))
                    {
                        state.Add(argument.Doubles![constant ? 0 : i]);
                    }
                }
                break;
            case ValueKind.Date or ValueKind.Timestamp when state.Function != AggregateFunction.Count:
                foreach (var i in selected)
                {
                    if (!argument.IsNull(i))
                    {
                        state.AddTemporal(argument.Longs![constant ? 0 : i], argument.Kind);
                    }
                }
                break;
            default:
                foreach (var i in selected)
                {
                    Feed(state, argument, i);
                }
                break;
        }
    }

    private static void Feed(AggregateState state, ColumnVector? argument, int row)
    {
        if (argument is null)
        {
            state.AddRows(1);
            return;
        }
        if (argument.IsNull(row) || argument.Kind == ValueKind.Null)
        {
            return;
        }
        var i = argument.IsConstant ? 0 : row;
        if (state.Function == AggregateFunction.Count)
        {
            state.AddRows(1);
            return;
        }
        switch (argument.Kind)
        {
            case ValueKind.BigInt:
                state.Add(argument.Longs![i]);
                break;
            case ValueKind.Real:
                state.Add(argument.Doubles![i]);
                break;
            case ValueKind.Numeric:
                state.Add(argument.Decimals![i]);
                break;
            case ValueKind.Float:
                state.Add((object)argument.Floats![i]);
                break;
            case ValueKind.Date or ValueKind.Timestamp:
                state.AddTemporal(argument.Longs![i], argument.Kind);
                break;
            default:
                state.Add(argument.GetValue(row)!);
                break;
        }
    }
}
