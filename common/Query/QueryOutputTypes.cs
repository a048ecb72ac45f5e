namespace DataLocal.Common.Query;

/// <summary>
/// The SQL type of each visible result column of a plan over a file's schema, as DuckDB would name it: a
/// column selected as it is (directly, as a group key, or through MIN/MAX) keeps the file column's exact
/// type (INTEGER, DECIMAL(9,2)); anything computed is named from the kind the type check infers (BIGINT,
/// DOUBLE, DECIMAL, …). Null where the plan cannot tell (a NULL constant, SUM of a BIGINT, which turns
/// DECIMAL past overflow), so the values decide.
/// </summary>
internal static class QueryOutputTypes
{
    public static IReadOnlyList<string?> Of(QueryPlan plan, QuerySchema schema)
    {
        var kinds = QueryTypeCheck.OutputKinds(plan, schema);
        var slotTypes = plan.IsAggregate ? SlotTypes(plan, schema) : [];
        var types = new List<string?>();
        for (var i = 0; i < plan.VisibleCount; i++)
        {
            switch (plan.Outputs[i])
            {
                case StarExpr:
                    types.AddRange(schema.Columns.Select(TypeOf));
                    break;
                case ColumnExpr column when schema.Find(column.Name) is { } found:
                    types.Add(TypeOf(found));
                    break;
                case SlotExpr slot when slot.Index < slotTypes.Length && slotTypes[slot.Index] is { } exact:
                    types.Add(exact);
                    break;
                default:
                    types.Add(kinds[i] is { } kind ? SqlTypeName.Of(kind) : null);
                    break;
            }
        }
        return types;
    }

    // The exact types of the merged slots (group keys, then aggregates) that pass a file column through unchanged.
    private static string?[] SlotTypes(QueryPlan plan, QuerySchema schema)
    {
        var passedThrough = plan.GroupBy
            .Concat(plan.Aggregates.Select(a => a.Function is AggregateFunction.Min or AggregateFunction.Max ? a.Argument : null));
        return [.. passedThrough.Select(e => e is ColumnExpr column && schema.Find(column.Name) is { } found ? TypeOf(found) : null)];
    }

    private static string? TypeOf(QueryColumn column) => column.SqlType ?? (column.Kind is { } kind ? SqlTypeName.Of(kind) : null);
}
