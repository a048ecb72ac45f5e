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

    // With ORDER BY … LIMIT N, once the task holds N rows, the first sort key of its N-th row: a row whose
    // first key is already worse cannot enter the top N, so it is dropped before it is boxed into a row. At
    // 10 M rows that is nearly every row (boxing each and sorting them by the thousand dominated the query).
    private (ValueKind Kind, long Long, double Double)? cutoff;

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
        var firstKey = ordering.IsEmpty ? null : outputs[ordering.FirstKey.Index];
        foreach (var i in selected)
        {
            if (IsFull)
            {
                return;
            }
            if (firstKey is not null && CannotEnter(firstKey, i))
            {
                continue;
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
                cutoff = rows.Count == limit ? RawKey(rows[^1][ordering.FirstKey.Index]) : null;
            }
        }
    }

    private bool CannotEnter(ColumnVector key, int row)
    {
        if (cutoff is not { } limitKey || key.Kind != limitKey.Kind || key.IsNull(row))
        {
            return false; // nulls and mixed kinds take the full comparison
        }
        var i = key.IsConstant ? 0 : row;
        var order = key.Kind == ValueKind.Real
            ? SqlValues.CompareDoubles(key.Doubles![i], limitKey.Double)
            : key.Longs![i].CompareTo(limitKey.Long);
        // Strictly worse only: a tie on the first key is decided by the keys after it.
        return (ordering.FirstKey.Descending ? -order : order) > 0;
    }

    // The first key as the vectors hold it; null for a kind the cut-off does not handle (or a null key).
    private static (ValueKind, long, double)? RawKey(object? value) => value switch
    {
        double d => (ValueKind.Real, 0, d),
        long l => (ValueKind.BigInt, l, 0),
        DateOnly date => (ValueKind.Date, date.DayNumber, 0),
        DateTime time => (ValueKind.Timestamp, time.Ticks, 0),
        _ => null,
    };

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
