using System.Globalization;
using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>The body of one task, run on its own thread by <see cref="BlockQueryExecutor"/>.</summary>
internal static class BlockTask
{
    public static async Task<TaskOutput> RunAsync(
        QueryPlan plan, Stream file, int firstRowGroup, int rowGroupCount, ComputeOptions options,
        CancellationToken cancellationToken)
    {
        var stage = "opening the file";
        try
        {
            await using var source = await BlockColumnSource.OpenAsync(file, options, cancellationToken).ConfigureAwait(false);
            if (firstRowGroup < 0 || rowGroupCount < 0 || firstRowGroup + rowGroupCount > source.RowGroupCount)
            {
                throw new BlockRangeException(string.Create(CultureInfo.InvariantCulture,
                    $"row groups [{firstRowGroup}, +{rowGroupCount}) are outside the file's {source.RowGroupCount}"));
            }
            // The names and types, checked as the namenode checked them at submit: the same rules and messages,
            // and a refusal even when no row of this block is selected.
            plan.Check(new QuerySchema(source.Columns));
            var (fields, starColumns) = ResolveColumns(plan, source.Columns);
            var aggregator = plan.IsAggregate ? new BlockAggregator(plan) : null;
            var collector = plan.IsAggregate ? null : new RowCollector(plan, starColumns);
            var filterColumns = ColumnsOf(plan.Filter);
            var leadingConjunct = LeadingConjunct(plan.Filter, filterColumns);
            var leadingColumns = ColumnsOf(leadingConjunct);
            using var buffers = VectorBuffers.Begin();
            long rowsIn = 0;
            long rowsOut = 0;
            for (var g = firstRowGroup; g < firstRowGroup + rowGroupCount; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (collector?.IsFull == true)
                {
                    break;
                }
                stage = $"row group {g}";
                // The previous row group's vectors are aggregated or collected by now: their arrays serve this one.
                buffers.ReleaseRowGroup();
                var rowCount = await source.RowCountAsync(g, cancellationToken).ConfigureAwait(false);
                if (rowCount > int.MaxValue)
                {
                    throw new UnsupportedParquetException($"row group {g} has {rowCount} rows");
                }
                var rows = (int)rowCount;
                await CheckInflatedSizeAsync(source, g, fields, options, cancellationToken).ConfigureAwait(false);
                // Late materialisation: the filter's columns first; the rest only when a row is selected, and
                // their text only at the selected rows.
                var columns = new Dictionary<string, ColumnVector>(StringComparer.OrdinalIgnoreCase);
                rowsIn += rows;
                if (leadingConjunct is not null)
                {
                    // `a = 4242 AND b > 10`: when no row passes `a = 4242`, b's column is never decoded.
                    foreach (var (name, column) in fields.Where(f => leadingColumns.Contains(f.Name)))
                    {
                        stage = $"row group {g}, column '{name}'";
                        columns[name] = await source.ReadAsync(g, column, rows, null, cancellationToken).ConfigureAwait(false);
                    }
                    stage = $"row group {g}";
                    if (new VectorEvaluator(columns, rows).Select(leadingConjunct).Length == 0)
                    {
                        continue;
                    }
                }
                foreach (var (name, column) in fields.Where(f => filterColumns.Contains(f.Name) && !columns.ContainsKey(f.Name)))
                {
                    stage = $"row group {g}, column '{name}'";
                    columns[name] = await source.ReadAsync(g, column, rows, null, cancellationToken).ConfigureAwait(false);
                }
                stage = $"row group {g}";
                var selected = new VectorEvaluator(columns, rows).Select(plan.Filter);
                rowsOut += selected.Length;
                if (selected.Length == 0)
                {
                    continue;
                }
                var materialise = selected.Length < rows ? selected : null;
                foreach (var (name, column) in fields.Where(f => !filterColumns.Contains(f.Name)))
                {
                    stage = $"row group {g}, column '{name}'";
                    columns[name] = await source.ReadAsync(g, column, rows, materialise, cancellationToken).ConfigureAwait(false);
                }
                stage = $"row group {g}";
                var evaluator = new VectorEvaluator(columns, rows);
                aggregator?.Add(evaluator, selected);
                collector?.Add(evaluator, selected);
            }
            var result = aggregator?.Finish() ?? collector!.Finish();
            return new TaskOutput(result, rowsIn, rowsOut);
        }
        catch (Exception e) when (e is not (QueryException or UnsupportedParquetException or OperationCanceledException
                                      or BlockRangeException))
        {
            // Whatever a decoder throws (ours on a page it finds inconsistent, or Parquet.Net) means it cannot read this file: report it, do not crash.
            var message = e.Message.ReplaceLineEndings(" ");
            throw new UnsupportedParquetException($"cannot decode it ({stage}): {e.GetType().Name}: {message}", e);
        }
    }

    /// <summary>
    /// The columns to read, as the name the query uses and the column's index in the file, and the names
    /// <c>*</c> expands to. Names match exactly first, then case-insensitively (SQL identifiers are case-insensitive).
    /// </summary>
    private static (List<(string Name, int Column)> Fields, IReadOnlyList<string>? StarColumns) ResolveColumns(
        QueryPlan plan, IReadOnlyList<QueryColumn> allColumns)
    {
        var fields = new List<(string, int)>();
        IReadOnlyList<string>? starColumns = null;
        if (plan.SelectsAllColumns)
        {
            starColumns = allColumns.Select(c => c.Name).ToArray();
            fields.AddRange(allColumns.Select((c, i) => (c.Name, i)));
        }
        foreach (var name in plan.RequiredColumns)
        {
            if (fields.Any(f => string.Equals(f.Item1, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var index = IndexOf(allColumns, name, StringComparison.Ordinal);
            if (index < 0)
            {
                index = IndexOf(allColumns, name, StringComparison.OrdinalIgnoreCase);
            }
            if (index < 0)
            {
                throw new QueryException(
                    $"column '{name}' does not exist (columns: {string.Join(", ", allColumns.Select(c => c.Name))})");
            }
            fields.Add((name, index));
        }
        return (fields, starColumns);
    }

    private static int IndexOf(IReadOnlyList<QueryColumn> columns, string name, StringComparison comparison)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, comparison))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The columns an expression (the WHERE condition) reads, by the names the query uses.</summary>
    private static HashSet<string> ColumnsOf(SqlExpr? expression)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (expression is not null)
        {
            names.UnionWith(SqlExprs.DescendantsAndSelf(expression).OfType<ColumnExpr>().Select(c => c.Name));
        }
        return names;
    }

    /// <summary>
    /// The first operand of a top-level AND when it reads fewer columns than the whole condition: a row group in
    /// which no row passes it cannot have a selected row, so the other filter columns need not be decoded.
    /// </summary>
    private static SqlExpr? LeadingConjunct(SqlExpr? filter, HashSet<string> filterColumns)
    {
        var first = filter;
        while (first is BinaryExpr { Operator: BinaryOperator.And } and)
        {
            first = and.Left;
        }
        return first != filter && ColumnsOf(first).Count < filterColumns.Count ? first : null;
    }

    // Checked from the footer before any page is decompressed, so a decompression bomb is refused unopened.
    private static async Task CheckInflatedSizeAsync(
        BlockColumnSource source, int index, List<(string Name, int Column)> fields, ComputeOptions options,
        CancellationToken cancellationToken)
    {
        var total = await source.UncompressedBytesAsync(index, fields.Select(f => f.Column), cancellationToken).ConfigureAwait(false);
        if (total > options.MaxRowGroupUncompressedBytes)
        {
            throw new UnsupportedParquetException(string.Create(CultureInfo.InvariantCulture,
                $"row group {index} inflates to {total / (1024.0 * 1024):0.#} MiB for the referenced columns, over the {options.MaxRowGroupUncompressedBytes / (1024.0 * 1024):0.#} MiB limit"));
        }
    }
}
