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
        public string Source => plan.Source;

        public bool MightMatch(IReadOnlyList<ColumnStatisticsRecord> statistics) =>
            plan.MightMatch([.. statistics.Select(s => new ColumnStatisticsInfo(s.Column, s.Min, s.Max, s.NullCount))]);

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
                var result = ResultMerger.Merge(plan, partials.Select(PartialResult.FromBytes));
                return new JobResult(result.Columns, [.. result.Rows.Select(r => (IReadOnlyList<string?>)[.. r.Select(v => v is null ? null : QueryResult.Format(v))])]);
            }
            catch (QueryException ex)
            {
                throw new InvalidQueryException(ex.Message, ex);
            }
        }
    }
}
