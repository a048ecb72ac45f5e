namespace DataLocal.Common.Query;

/// <summary>
/// Compares output rows by a plan's ORDER BY keys (NULLS LAST unless asked otherwise, as DuckDB), for the
/// namenode's final sort and a task's top-N alike. <paramref name="starWidth"/> is how many columns
/// <c>*</c> expanded to, which shifts the keys after it.
/// </summary>
public sealed class RowOrdering(QueryPlan plan, int starWidth) : IComparer<IReadOnlyList<object?>>
{
    private readonly (int Index, bool Descending, bool NullsFirst)[] keys = (plan ?? throw new ArgumentNullException(nameof(plan)))
        .OrderBy.Select(k => (plan.StarIndex >= 0 && k.Output > plan.StarIndex ? k.Output + starWidth - 1 : k.Output, k.Descending, k.NullsFirst))
        .ToArray();

    public bool IsEmpty => keys.Length == 0;

    /// <summary>The first ORDER BY key: its output column and direction.</summary>
    public (int Index, bool Descending) FirstKey => (keys[0].Index, keys[0].Descending);

    public int Compare(IReadOnlyList<object?>? x, IReadOnlyList<object?>? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        foreach (var (index, descending, nullsFirst) in keys)
        {
            var left = x[index];
            var right = y[index];
            int order;
            if (left is null || right is null)
            {
                // Null placement does not flip with DESC.
                order = SqlValues.CompareForSort(left, right, nullsFirst);
            }
            else
            {
                order = SqlValues.Compare(left, right);
                order = descending ? -order : order;
            }
            if (order != 0)
            {
                return order;
            }
        }
        return 0;
    }
}
