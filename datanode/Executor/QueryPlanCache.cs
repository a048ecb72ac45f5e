using DataLocal.Common.Query;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// The plans of the few most recent queries this datanode ran, by SQL text, so that the tasks of one job
/// parse its SQL once per datanode rather than once per block: a query at the limits (a 10,000-item IN list)
/// takes a good part of a second to parse, and a job has a task for every block. Sharing the plan also shares
/// what is built from it once, such as the hash sets of IN lists. Plans are immutable, so tasks running at
/// the same time may share one; SQL that does not parse is not kept and fails again the same way.
/// </summary>
internal sealed class QueryPlanCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<KeyValuePair<string, QueryPlan>> _recent = new();

    public QueryPlan GetOrParse(string sql)
    {
        lock (_lock)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
            {
                if (string.Equals(node.Value.Key, sql, StringComparison.Ordinal))
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                    return node.Value.Value;
                }
            }
        }
        // Parsed outside the lock: two tasks may both parse a new query, which costs only time.
        var plan = QueryPlan.Parse(sql);
        lock (_lock)
        {
            _recent.AddFirst(new KeyValuePair<string, QueryPlan>(sql, plan));
            while (_recent.Count > capacity)
            {
                _recent.RemoveLast();
            }
        }
        return plan;
    }
}
