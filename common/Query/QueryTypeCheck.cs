namespace DataLocal.Common.Query;

/// <summary>
/// Resolves a plan's column names and the kinds of all its expressions against a file's schema, and refuses
/// what could not run with the message the engine gives when it meets the same problem. The namenode runs it
/// at submit, before statistics prune blocks, so a wrong query fails whether or not any task runs; every task
/// runs it too, so a task refuses even when none of its rows is selected. A column whose kind is unknown
/// checks nothing that depends on it.
/// </summary>
internal sealed class QueryTypeCheck
{
    private readonly QuerySchema schema;
    private ValueKind?[] slots = [];

    private QueryTypeCheck(QuerySchema schema) => this.schema = schema;

    public static void Check(QueryPlan plan, QuerySchema schema) => OutputKinds(plan, schema);

    /// <summary>
    /// Checks as <see cref="Check"/> and returns the kind of each of <see cref="QueryPlan.Outputs"/> (null for
    /// <c>*</c> and where unknown), which the namenode names the result's columns' types by.
    /// </summary>
    public static ValueKind?[] OutputKinds(QueryPlan plan, QuerySchema schema)
    {
        foreach (var name in plan.RequiredColumns)
        {
            schema.Resolve(name);
        }
        var check = new QueryTypeCheck(schema);
        // In the order a task evaluates: the filter, then group keys and aggregate arguments (or the output rows).
        if (plan.Filter is { } filter)
        {
            RequireBoolean(check.Infer(filter));
        }
        if (!plan.IsAggregate)
        {
            return [.. plan.Outputs.Select(o => o is StarExpr ? null : check.Infer(o))];
        }
        var keys = plan.GroupBy.Select(check.Infer).ToArray();
        var arguments = plan.Aggregates.Select(a => a.Argument is null ? null : check.Infer(a.Argument)).ToArray();
        var results = new ValueKind?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var function = plan.Aggregates[i].Function;
            if (function is AggregateFunction.Sum or AggregateFunction.Avg
                && arguments[i] is { } kind && kind != ValueKind.Null && !SqlValues.IsNumeric(kind))
            {
                throw new QueryException($"{ExprText.Name(function)} needs numbers, not {Name(kind)}");
            }
            results[i] = function switch
            {
                AggregateFunction.CountStar or AggregateFunction.Count => ValueKind.BigInt,
                AggregateFunction.Avg => ValueKind.Real,
                AggregateFunction.Sum when arguments[i] is ValueKind.Float => ValueKind.Real,
                AggregateFunction.Sum when arguments[i] is ValueKind.BigInt => null, // BIGINT, or DECIMAL past overflow
                _ => arguments[i],
            };
        }
        // The namenode evaluates the outputs over the merged slots: group keys, then aggregates.
        check.slots = [.. keys, .. results];
        return [.. plan.Outputs.Select(check.Infer)];
    }

    /// <summary>The kind of an expression's values, or null when unknown; throws what evaluating it would.</summary>
    private ValueKind? Infer(SqlExpr expr)
    {
        switch (expr)
        {
            case ColumnExpr column:
                return schema.Resolve(column.Name).Kind;
            case SlotExpr slot:
                return slot.Index < slots.Length ? slots[slot.Index] : null;
            case LiteralExpr literal:
                return SqlValues.KindOf(literal.Value);
            case UnaryExpr { Operator: UnaryOperator.Not } not:
                RequireBoolean(Infer(not.Operand));
                return ValueKind.Boolean;
            case UnaryExpr negate:
                return Arithmetic(BinaryOperator.Subtract, ValueKind.BigInt, Infer(negate.Operand));
            case BinaryExpr { Operator: BinaryOperator.And or BinaryOperator.Or } logic:
                var left = Infer(logic.Left);
                var right = Infer(logic.Right);
                RequireBoolean(left);
                RequireBoolean(right);
                return ValueKind.Boolean;
            case BinaryExpr binary when SqlValues.IsComparison(binary.Operator):
                Compare(binary.Left, Infer(binary.Left), binary.Right, Infer(binary.Right));
                return ValueKind.Boolean;
            case BinaryExpr binary:
                return Arithmetic(binary.Operator, Infer(binary.Left), Infer(binary.Right));
            case IsNullExpr isNull:
                Infer(isNull.Operand);
                return ValueKind.Boolean;
            case BetweenExpr between:
                var operand = Infer(between.Operand);
                Compare(between.Operand, operand, between.Low, Infer(between.Low));
                Compare(between.Operand, operand, between.High, Infer(between.High));
                return ValueKind.Boolean;
            case InExpr inList:
                var probe = Infer(inList.Operand);
                if (probe is { } probeKind && inList.Items.All(i => i is LiteralExpr))
                {
                    // Builds (and caches) the set a task builds: converting the items throws as it would there.
                    InListSet.For(inList, probeKind);
                }
                else
                {
                    foreach (var item in inList.Items)
                    {
                        Compare(inList.Operand, probe, item, Infer(item));
                    }
                }
                return ValueKind.Boolean;
            case FunctionExpr function:
                var argument = Infer(function.Arguments[0]);
                if (argument is { } kind && kind != ValueKind.Null && !SqlValues.IsNumeric(kind))
                {
                    throw new QueryException($"{function.Name} needs a number, not {Name(kind)}");
                }
                return argument;
            default:
                return null;
        }
    }

    private static ValueKind? Arithmetic(BinaryOperator op, ValueKind? left, ValueKind? right) =>
        left is { } l && right is { } r ? SqlValues.ArithmeticKind(op, l, r) : null;

    // A comparison's kinds must be comparable; a text constant compared as a date or timestamp must be one.
    private static void Compare(SqlExpr leftExpr, ValueKind? left, SqlExpr rightExpr, ValueKind? right)
    {
        if (left is not { } l || right is not { } r || l == ValueKind.Null || r == ValueKind.Null)
        {
            return;
        }
        var kind = SqlValues.ComparisonKind(l, r);
        foreach (var side in new[] { leftExpr, rightExpr })
        {
            if (side is LiteralExpr { Value: string text })
            {
                if (kind == ValueKind.Date)
                {
                    SqlValues.ParseDate(text);
                }
                else if (kind == ValueKind.Timestamp)
                {
                    SqlValues.ParseTimestamp(text);
                }
            }
        }
    }

    private static void RequireBoolean(ValueKind? kind)
    {
        if (kind is { } k && k is not (ValueKind.Boolean or ValueKind.Null))
        {
            throw new QueryException($"{Name(k)} is not a boolean condition");
        }
    }

    private static string Name(ValueKind kind) => kind.ToString().ToUpperInvariant();
}
