using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>Adapts the shared SQL engine (common/Query) to what the scheduler needs of a query.</summary>
public sealed class SqlJobQueryParser : IJobQueryParser
{
    public IJobQuery Parse(string sql)
    {
        try
        {
            return new SqlJobQuery(QueryPlan.Parse(sql));
        }
        catch (QueryException ex)
        {
            throw new InvalidQueryException(ex.Message, ex);
        }
    }

    private sealed class SqlJobQuery(QueryPlan plan) : IJobQuery
    {
        // The first file's columns: what * stands for when every block is pruned and no task says.
        private IReadOnlyList<string>? fileColumns;

        // The first file's schema, which names the result columns' SQL types; null when no footer was stored.
        private QuerySchema? fileSchema;

        public string Source => plan.Source;

        public Func<IReadOnlyList<ColumnStatisticsRecord>, bool> CheckFile(byte[] footer)
        {
            ArgumentNullException.ThrowIfNull(footer);
            if (footer.Length == 0)
            {
                // No footer recorded (a file stored before footers were): the tasks check alone.
                return statistics => plan.MightMatch([.. statistics.Select(s => new ColumnStatisticsInfo(s.Column, s.Min, s.Max, s.NullCount))]);
            }
            QuerySchema schema;
            try
            {
                schema = ParquetQuerySchema.FromFooter(footer);
                plan.Check(schema);
            }
            catch (QueryException ex)
            {
                throw new InvalidQueryException(ex.Message, ex);
            }
            catch (InvalidParquetException ex)
            {
                throw new InvalidQueryException($"FROM {plan.Source}: {ex.Message}", ex);
            }
            fileColumns ??= [.. schema.Columns.Select(c => c.Name)];
            fileSchema ??= schema;
            return statistics => plan.MightMatch([.. statistics.Select(s => new ColumnStatisticsInfo(s.Column, s.Min, s.Max, s.NullCount))], schema);
        }

        public byte[]? AnswerFromMetadata(IReadOnlyList<INodeRecord> files)
        {
            // A file stored before footers were has no schema here: its rows decide.
            if (files.Any(f => f.ParquetFooter is not { Length: > 0 }))
            {
                return null;
            }
            var metadata = files.Select(f => new StoredFileMetadata(
                ParquetQuerySchema.FromFooter(f.ParquetFooter!),
                [.. f.Blocks.Select(b => new StoredBlockMetadata(b.RowCount, [.. b.Columns.Select(s => new ColumnStatisticsInfo(s.Column, s.Min, s.Max, s.NullCount))]))])).ToList();
            return MetadataAnswer.TryAnswer(plan, metadata)?.ToBytes();
        }

        public void CheckWritableAsOutput()
        {
            if (plan.IsAggregate)
            {
                throw new InvalidQueryException("--output writes the selected rows of each block; an aggregate query returns its result directly (drop --output)");
            }
            if (plan.OrderBy.Count > 0 || plan.Limit is not null)
            {
                throw new InvalidQueryException("--output writes each block's rows where they are read; ORDER BY and LIMIT cannot apply across the part files (drop them or --output)");
            }
        }

        public JobResult Merge(IEnumerable<byte[]> partials)
        {
            try
            {
                var result = ResultMerger.Merge(plan, partials.Select(PartialResult.FromBytes), fileColumns);
                var planned = fileSchema is null ? null : plan.ColumnSqlTypes(fileSchema);
                return new JobResult(result.Columns, AsText(result.Rows), ResultColumnType.Of(result), ResultSqlType.Of(planned, result));
            }
            catch (QueryException ex)
            {
                throw new InvalidQueryException(ex.Message, ex);
            }
        }

        /// <summary>Every value as the invariant text results travel and are stored as (plain loops: a result may hold millions of values).</summary>
        private static List<IReadOnlyList<string?>> AsText(IReadOnlyList<IReadOnlyList<object?>> rows)
        {
            var text = new List<IReadOnlyList<string?>>(rows.Count);
            foreach (var row in rows)
            {
                var values = new string?[row.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = row[i] is { } value ? QueryResult.Format(value) : null;
                }
                text.Add(values);
            }
            return text;
        }
    }
}
