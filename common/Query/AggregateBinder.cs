namespace DataLocal.Common.Query;

/// <summary>
/// Rewrites the SELECT and ORDER BY expressions of an aggregate query over slots: a group key becomes slot
/// <c>i</c>, an aggregate slot <c>keys + j</c> (registering it once however often it is written), and a bare
/// column outside both is the classic "must appear in GROUP BY" error.
/// </summary>
internal sealed class AggregateBinder(IReadOnlyList<SqlExpr> groupBy)
{
    private readonly List<AggregateExpr> aggregates = [];
    private readonly List<string> aggregateKeys = [];
    private readonly string[] groupKeys = groupBy.Select(ExprText.Render).ToArray();

    public IReadOnlyList<AggregateExpr> Aggregates => aggregates;

    public SqlExpr Bind(SqlExpr expr) => SqlExprs.Rewrite(expr, node =>
    {
        var key = ExprText.Render(node);
        var group = Array.IndexOf(groupKeys, key);
        if (group >= 0)
        {
            return new SlotExpr(group, key);
        }
        switch (node)
        {
            case AggregateExpr aggregate:
                var index = aggregateKeys.IndexOf(key);
                if (index < 0)
                {
                    aggregates.Add(aggregate);
                    aggregateKeys.Add(key);
                    index = aggregates.Count - 1;
                }
                return new SlotExpr(groupKeys.Length + index, key);
            case ColumnExpr column:
                throw new QueryException(
                    $"column '{column.Name}' must appear in the GROUP BY clause or be used in an aggregate function");
            default:
                return null;
        }
    });
}
