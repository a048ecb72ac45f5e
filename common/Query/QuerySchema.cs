namespace DataLocal.Common.Query;

/// <summary>A column of the queried file as queries see it: its dotted name and the kind its values have.</summary>
/// <param name="Kind">Null when queries cannot use the column's type (or it is not known): no type check is made on it.</param>
/// <param name="SqlType">The column's type as DuckDB names it (<see cref="SqlTypeName"/>), more exact than the kind
/// (INTEGER, DECIMAL(9,2)); null when not known, and then results name it from <paramref name="Kind"/>.</param>
public sealed record QueryColumn(string Name, ValueKind? Kind, string? SqlType = null);

/// <summary>
/// The columns of a Parquet file, read from its footer: on the namenode from the footer it stores, in a task
/// from the decoder's schema. <see cref="QueryPlan.Check"/> resolves a query's names and types against it.
/// </summary>
public sealed class QuerySchema(IReadOnlyList<QueryColumn> columns)
{
    public IReadOnlyList<QueryColumn> Columns { get; } = columns ?? throw new ArgumentNullException(nameof(columns));

    /// <summary>The column a query's name means: the exact name first, then ignoring case (SQL identifiers are case-insensitive).</summary>
    public QueryColumn? Find(string name) =>
        Columns.FirstOrDefault(c => c.Name == name)
        ?? Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>As <see cref="Find"/>, or the error every server gives for a name the file does not have.</summary>
    public QueryColumn Resolve(string name) =>
        Find(name) ?? throw new QueryException(
            $"column '{name}' does not exist (columns: {string.Join(", ", Columns.Select(c => c.Name))})");
}
