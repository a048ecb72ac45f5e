namespace DataLocal.Client.Jobs;

/// <summary>
/// A succeeded job's result table: values as the invariant text they travel as (null = SQL NULL) and, through
/// <see cref="GetRecord"/> and <see cref="Records"/>, as typed values of each column's SQL type.
/// </summary>
/// <param name="Columns">The column names, in order.</param>
/// <param name="Rows">The rows, each value as invariant text or null for SQL NULL.</param>
/// <param name="ColumnSqlTypes">Each column's SQL type as DuckDB names it (BIGINT, DECIMAL(9,2), DATE, …); null or empty from a namenode that did not say, and then values read as text.</param>
public sealed record JobResultTable(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string?>> Rows,
    IReadOnlyList<string>? ColumnSqlTypes = null)
{
    /// <summary>The row at <paramref name="index"/> with typed values.</summary>
    /// <exception cref="FormatException">A value is not text of its column's type.</exception>
    public JobResultRow GetRecord(int index) => new(new ResultSchema(Columns, ColumnSqlTypes), Rows[index]);

    /// <summary>Every row with typed values, each parsed as it is reached.</summary>
    public IEnumerable<JobResultRow> Records
    {
        get
        {
            var schema = new ResultSchema(Columns, ColumnSqlTypes);
            return Rows.Select(row => new JobResultRow(schema, row));
        }
    }
}
