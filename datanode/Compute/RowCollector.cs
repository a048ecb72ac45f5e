using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// A task's rows for a query without aggregates: the output values of each selected row. With LIMIT and no
/// ORDER BY it stops once it has enough; with ORDER BY and LIMIT it keeps only its top N (the namenode
/// needs no more from any one task).
/// </summary>
internal sealed class RowCollector
{
    private readonly QueryPlan plan;
    private readonly IReadOnlyList<string>? starColumns;
    private readonly RowOrdering ordering;
    private List<IReadOnlyList<object?>> rows = [];

    public RowCollector(QueryPlan plan, IReadOnlyList<string>? starColumns)
    {
        this.plan = plan;
        this.starColumns = starColumns;
        ordering = new RowOrdering(plan, starColumns?.Count ?? 1);
    }

    /// <summary>True when no further row can change this task's result.</summary>
    public bool IsFull => ordering.IsEmpty && plan.Limit is { } limit && rows.Count >= limit;

    public void Add(VectorEvaluator evaluator, int[] selected)
    {
        var outputs = new List<ColumnVector>();
        foreach (var output in plan.Outputs)
        {
            if (output is StarExpr)
            {
                outputs.AddRange(starColumns!.Select(c => evaluator.Evaluate(new ColumnExpr(c))));
            }
            else
            {
                outputs.Add(evaluator.Evaluate(output));
            }
        }
        foreach (var i in selected)
        {
            if (IsFull)
            {
                return;
            }
            var row = new object?[outputs.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = outputs[c].GetValue(i);
            }
            rows.Add(row);
            if (!ordering.IsEmpty && plan.Limit is { } limit && rows.Count >= Math.Max(2 * limit, 1024))
            {
                rows = TopN(limit);
            }
        }
    }

    public PartialResult Finish()
    {
        if (plan.Limit is { } limit)
        {
            rows = ordering.IsEmpty ? rows.Take((int)Math.Min(limit, int.MaxValue)).ToList() : TopN(limit);
        }
        return PartialResult.ForRows(rows, starColumns);
    }

    private List<IReadOnlyList<object?>> TopN(long limit) =>
        rows.OrderBy(r => r, ordering).Take((int)Math.Min(limit, int.MaxValue)).ToList();
}
