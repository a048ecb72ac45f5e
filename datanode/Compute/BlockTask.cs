using System.Globalization;
using DataLocal.Common.Query;
using Parquet;
using Parquet.Schema;

namespace DataLocal.DataNode.Compute;

/// <summary>The body of one task, run on its own thread by <see cref="BlockQueryExecutor"/>.</summary>
internal static class BlockTask
{
    private static readonly ParquetOptions ReaderOptions = new() { UseDateOnlyTypeForDates = true };

    public static async Task<TaskOutput> RunAsync(
        QueryPlan plan, Stream file, int firstRowGroup, int rowGroupCount, ComputeOptions options,
        CancellationToken cancellationToken)
    {
        var stage = "opening the file";
        try
        {
            await using var reader = await ParquetReader.CreateAsync(file, ReaderOptions, leaveStreamOpen: true, cancellationToken)
                .ConfigureAwait(false);
            if (firstRowGroup < 0 || rowGroupCount < 0 || firstRowGroup + rowGroupCount > reader.RowGroupCount)
            {
                throw new BlockRangeException(string.Create(CultureInfo.InvariantCulture,
                    $"row groups [{firstRowGroup}, +{rowGroupCount}) are outside the file's {reader.RowGroupCount}"));
            }
            var allFields = reader.Schema.GetDataFields();
            // The names and types, checked as the namenode checked them at submit: the same rules and messages,
            // and a refusal even when no row of this block is selected.
            plan.Check(new QuerySchema([.. allFields.Select(f => new QueryColumn(ParquetColumnScanner.ColumnName(f), ParquetColumnScanner.KindOf(f)))]));
            var (fields, starColumns) = ResolveColumns(plan, allFields);
            var aggregator = plan.IsAggregate ? new BlockAggregator(plan) : null;
            var collector = plan.IsAggregate ? null : new RowCollector(plan, starColumns);
            var filterColumns = FilterColumns(plan);
            var columnReader = new BlockColumnReader(file, options);
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
                using var rowGroup = reader.OpenRowGroupReader(g);
                if (rowGroup.RowCount > int.MaxValue)
                {
                    throw new UnsupportedParquetException($"row group {g} has {rowGroup.RowCount} rows");
                }
                var rows = (int)rowGroup.RowCount;
                CheckInflatedSize(rowGroup, g, fields, options);
                // Late materialisation: the filter's columns first; the rest only when a row is selected, and
                // their text only at the selected rows.
                var columns = new Dictionary<string, ColumnVector>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, field) in fields.Where(f => filterColumns.Contains(f.Name)))
                {
                    stage = $"row group {g}, column '{name}'";
                    columns[name] = await columnReader.ReadAsync(rowGroup, g, field, rows, null, cancellationToken).ConfigureAwait(false);
                }
                stage = $"row group {g}";
                var selected = new VectorEvaluator(columns, rows).Select(plan.Filter);
                rowsIn += rows;
                rowsOut += selected.Length;
                if (selected.Length == 0)
                {
                    continue;
                }
                var materialise = selected.Length < rows ? selected : null;
                foreach (var (name, field) in fields.Where(f => !filterColumns.Contains(f.Name)))
                {
                    stage = $"row group {g}, column '{name}'";
                    columns[name] = await columnReader.ReadAsync(rowGroup, g, field, rows, materialise, cancellationToken).ConfigureAwait(false);
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
    /// The fields to read, keyed by the name the query uses, and the names <c>*</c> expands to. Names match
    /// exactly first, then case-insensitively (SQL identifiers are case-insensitive).
    /// </summary>
    private static (List<(string Name, DataField Field)> Fields, IReadOnlyList<string>? StarColumns) ResolveColumns(
        QueryPlan plan, IReadOnlyList<DataField> allFields)
    {
        var fields = new List<(string, DataField)>();
        IReadOnlyList<string>? starColumns = null;
        if (plan.SelectsAllColumns)
        {
            starColumns = allFields.Select(ParquetColumnScanner.ColumnName).ToArray();
            fields.AddRange(allFields.Select(f => (ParquetColumnScanner.ColumnName(f), f)));
        }
        foreach (var name in plan.RequiredColumns)
        {
            if (fields.Any(f => string.Equals(f.Item1, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var field = allFields.FirstOrDefault(f => ParquetColumnScanner.ColumnName(f) == name)
                ?? allFields.FirstOrDefault(f => string.Equals(ParquetColumnScanner.ColumnName(f), name, StringComparison.OrdinalIgnoreCase))
                ?? throw new QueryException(
                    $"column '{name}' does not exist (columns: {string.Join(", ", allFields.Select(ParquetColumnScanner.ColumnName))})");
            fields.Add((name, field));
        }
        return (fields, starColumns);
    }

    /// <summary>The columns the WHERE condition reads, by the names the query uses.</summary>
    private static HashSet<string> FilterColumns(QueryPlan plan)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (plan.Filter is { } filter)
        {
            names.UnionWith(SqlExprs.DescendantsAndSelf(filter).OfType<ColumnExpr>().Select(c => c.Name));
        }
        return names;
    }

    // Checked from the footer before any page is decompressed, so a decompression bomb is refused unopened.
    private static void CheckInflatedSize(
        ParquetRowGroupReader rowGroup, int index, List<(string Name, DataField Field)> fields, ComputeOptions options)
    {
        long total = 0;
        foreach (var (_, field) in fields)
        {
            total += rowGroup.GetMetadata(field)?.MetaData?.TotalUncompressedSize ?? 0;
        }
        if (total > options.MaxRowGroupUncompressedBytes)
        {
            throw new UnsupportedParquetException(string.Create(CultureInfo.InvariantCulture,
                $"row group {index} inflates to {total / (1024.0 * 1024):0.#} MiB for the referenced columns, over the {options.MaxRowGroupUncompressedBytes / (1024.0 * 1024):0.#} MiB limit"));
        }
    }
}
