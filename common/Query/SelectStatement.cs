namespace DataLocal.Common.Query;

/// <summary>A parsed SELECT before name resolution: what the user wrote, in the shape the grammar gives it.</summary>
internal sealed record SelectStatement(
    IReadOnlyList<SelectItem> Items,
    string Source,
    bool SourceQuoted,
    SqlExpr? Where,
    GroupByClause? GroupBy,
    OrderByClause? OrderBy,
    long? Limit);

/// <summary>One SELECT item: an expression (or <see cref="StarExpr"/>) and its alias, if any.</summary>
internal sealed record SelectItem(SqlExpr Expr, string? Alias);

/// <summary><c>GROUP BY ALL</c> or an explicit list (expressions, aliases or 1-based ordinals).</summary>
internal sealed record GroupByClause(bool All, IReadOnlyList<SqlExpr> Items);

/// <summary><c>ORDER BY ALL</c> or an explicit list.</summary>
internal sealed record OrderByClause(bool All, IReadOnlyList<OrderItem> Items);

/// <summary>One ORDER BY item; <see cref="NullsFirst"/> null means the default (NULLS LAST, as DuckDB).</summary>
internal sealed record OrderItem(SqlExpr Expr, bool Descending, bool? NullsFirst);
