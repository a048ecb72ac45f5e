namespace DataLocal.Common.Query;

/// <summary>
/// One ORDER BY key: an index into the plan's <see cref="QueryPlan.Outputs"/> (visible columns, then hidden
/// sort-only ones). When the SELECT list holds <c>*</c>, indexes after it shift by the star's width minus one.
/// </summary>
public sealed record OrderKey(int Output, bool Descending, bool NullsFirst);
