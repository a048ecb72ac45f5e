namespace DataLocal.NameNode.Blocks;

/// <summary>One copy order: the source node sends its replica of a block to these target nodes.</summary>
public sealed record ReplicationWork(long BlockId, long Length, IReadOnlyList<(string NodeId, string Address)> Targets);

/// <summary>
/// Copy orders waiting for their source node's next heartbeat, and the copies in flight, so the
/// replication monitor does not order the same copy twice (HDFS's pendingReconstruction).
/// </summary>
public sealed class PendingReplications(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<ReplicationWork>> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DateTimeOffset> _inFlightUntil = [];

    /// <summary>True while a copy of the block was ordered and has not timed out.</summary>
    public bool IsInFlight(long blockId)
    {
        lock (_lock)
        {
            return _inFlightUntil.TryGetValue(blockId, out var until) && until > time.GetUtcNow();
        }
    }

    public int InFlightCount
    {
        get { lock (_lock) { return _inFlightUntil.Count(e => e.Value > time.GetUtcNow()); } }
    }

    /// <summary>Orders a copy; if it has not shown up within <paramref name="timeout"/>, the block may be ordered again.</summary>
    public void Add(string sourceNodeId, ReplicationWork work, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (!_bySource.TryGetValue(sourceNodeId, out var queue))
            {
                queue = [];
                _bySource[sourceNodeId] = queue;
            }
            queue.Add(work);
            _inFlightUntil[work.BlockId] = time.GetUtcNow() + timeout;
        }
    }

    /// <summary>The block has enough replicas again: forget its order.</summary>
    public void Done(long blockId)
    {
        lock (_lock)
        {
            _inFlightUntil.Remove(blockId);
        }
    }

    /// <summary>
    /// Drops orders that can no longer be carried out: their block was deleted, or their source or a
    /// target is no longer live. Their blocks stop counting as in flight, so the next scan can order
    /// them again from a live holder at once instead of after the copy timeout; a block deleted
    /// meanwhile is forgotten. Also forgets in-flight marks that have timed out, so the table does
    /// not grow with every block ever copied. Returns how many orders were dropped.
    /// </summary>
    public int DropStale(Func<long, bool> blockExists, Func<string, bool> nodeIsLive)
    {
        lock (_lock)
        {
            var dropped = 0;
            foreach (var (source, queue) in _bySource.ToList())
            {
                var sourceLive = nodeIsLive(source);
                dropped += queue.RemoveAll(work =>
                {
                    var stale = !sourceLive || !blockExists(work.BlockId) || work.Targets.Any(t => !nodeIsLive(t.NodeId));
                    if (stale)
                    {
                        _inFlightUntil.Remove(work.BlockId);
                    }
                    return stale;
                });
                if (queue.Count == 0)
                {
                    _bySource.Remove(source);
                }
            }
            var now = time.GetUtcNow();
            foreach (var blockId in _inFlightUntil.Where(e => e.Value <= now || !blockExists(e.Key)).Select(e => e.Key).ToList())
            {
                _inFlightUntil.Remove(blockId);
            }
            return dropped;
        }
    }

    /// <summary>Takes (and clears) the copy orders for a node, to ride on its heartbeat reply.</summary>
    public IReadOnlyList<ReplicationWork> Take(string sourceNodeId)
    {
        lock (_lock)
        {
            return _bySource.Remove(sourceNodeId, out var queue) ? queue : [];
        }
    }
}
