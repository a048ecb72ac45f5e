namespace DataLocal.Common.Query;

/// <summary>
/// A checked, immutable query: what to read (<see cref="Source"/>, <see cref="RequiredColumns"/>), how to
/// filter, what each task computes (<see cref="GroupBy"/> and <see cref="Aggregates"/>, or the rows of
/// <see cref="Outputs"/>), and how the namenode finishes (<see cref="Outputs"/> over merged slots,
/// <see cref="OrderBy"/>, <see cref="Limit"/>). Build one with <see cref="Parse"/>.
/// </summary>
public sealed class QueryPlan
{
    internal QueryPlan(
        string sql,
        string source,
        IReadOnlyList<string> requiredColumns,
        SqlExpr? filter,
        bool isAggregate,
        IReadOnlyList<SqlExpr> groupBy,
        IReadOnlyList<AggregateExpr> aggregates,
        IReadOnlyList<SqlExpr> outputs,
        IReadOnlyList<string> outputNames,
        int visibleCount,
        IReadOnlyList<OrderKey> orderBy,
        long? limit)
    {
        Sql = sql;
        Source = source;
        RequiredColumns = requiredColumns;
        Filter = filter;
        IsAggregate = isAggregate;
        GroupBy = groupBy;
        Aggregates = aggregates;
        Outputs = outputs;
        OutputNames = outputNames;
        VisibleCount = visibleCount;
        OrderBy = orderBy;
        Limit = limit;
        StarIndex = outputs.ToList().FindIndex(o => o is StarExpr);
    }

    /// <summary>Parses and checks <paramref name="sql"/>; throws <see cref="QueryException"/> when it cannot run.</summary>
    public static QueryPlan Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return QueryPlanner.Plan(sql);
    }

    public string Sql { get; }

    /// <summary>The FROM source: a cluster path (<c>/data/x.parquet</c>) or an http(s) URL.</summary>
    public string Source { get; }

    public bool SourceIsUrl =>
        Source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        Source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file columns the query touches, in first-use order; with <c>SELECT *</c>, see <see cref="SelectsAllColumns"/>.</summary>
    public IReadOnlyList<string> RequiredColumns { get; }

    /// <summary>True when the SELECT list holds <c>*</c>: a task reads every column.</summary>
    public bool SelectsAllColumns => StarIndex >= 0;

    /// <summary>Index of <c>*</c> in <see cref="Outputs"/>, or -1.</summary>
    public int StarIndex { get; }

    /// <summary>The WHERE condition over file columns, or null.</summary>
    public SqlExpr? Filter { get; }

    /// <summary>True when tasks return partial aggregates per group rather than rows.</summary>
    public bool IsAggregate { get; }

    /// <summary>Group key expressions over file columns (empty for a global aggregate).</summary>
    public IReadOnlyList<SqlExpr> GroupBy { get; }

    /// <summary>The distinct aggregates tasks compute, arguments over file columns.</summary>
    public IReadOnlyList<AggregateExpr> Aggregates { get; }

    /// <summary>
    /// The result columns, visible first then hidden sort-only ones. For an aggregate query they are written
    /// over <see cref="SlotExpr"/> (group keys, then aggregates); otherwise over file columns.
    /// </summary>
    public IReadOnlyList<SqlExpr> Outputs { get; }

    /// <summary>Names of <see cref="Outputs"/>: the alias, else the canonical SQL text.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>How many of <see cref="Outputs"/> are shown (before <c>*</c> expansion).</summary>
    public int VisibleCount { get; }

    /// <summary>The visible column names (<c>*</c> stands for the expanded columns).</summary>
    public IReadOnlyList<string> Columns => OutputNames.Take(VisibleCount).ToArray();

    public IReadOnlyList<OrderKey> OrderBy { get; }

    public long? Limit { get; }

    /// <summary>
    /// False only when the block statistics prove that no row of the block can satisfy the WHERE clause, so
    /// the block needs no task. Anything the statistics cannot decide might match.
    /// </summary>
    /// <remarks>
    /// With the file's <paramref name="schema"/>, statistics are compared as the column's kind (a DOUBLE
    /// column's bounds as doubles, a FLOAT's as floats), exactly as the engine compares its values; without
    /// it, only what the text alone decides.
    /// </remarks>
    public bool MightMatch(IReadOnlyList<ColumnStatisticsInfo> statistics, QuerySchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return Filter is null || BlockPruning.MightMatch(Filter, statistics, schema);
    }

    /// <summary>
    /// Resolves the query's column names and checks the kinds of all its expressions against a file's
    /// <paramref name="schema"/>; throws <see cref="QueryException"/>, with the message a task would give,
    /// for what cannot run. The namenode calls it at submit before pruning any block, and every task again.
    /// </summary>
    public void Check(QuerySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        QueryTypeCheck.Check(this, schema);
    }

    /// <summary>
    /// The SQL type of each visible result column (<c>*</c> expanded to the <paramref name="schema"/>'s
    /// columns), as DuckDB names it (<see cref="SqlTypeName"/>); null where only the values can tell.
    /// Checks the query as <see cref="Check"/> does, throwing what it throws.
    /// </summary>
    public IReadOnlyList<string?> ColumnSqlTypes(QuerySchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return QueryOutputTypes.Of(this, schema);
    }

    public override string ToString() => Sql;
}
