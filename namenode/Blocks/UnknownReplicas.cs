namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Replicas datanodes reported for blocks that belong to no file or open write, while the namenode
/// was in safe mode. Normally such a replica is deleted at once (a crashed put left it behind), but
/// in safe mode the namenode's view may be the stale one: restarted on an older copy of its
/// namespace, it would otherwise order every newer block destroyed. So they are kept and counted
/// (`admin report`, the status page) until safe mode is left, when the normal rules apply.
/// Replicas whose generation stamp or length did not match are kept the same way, with what the
/// node reported, so they are judged again (not simply believed) when safe mode ends.
/// </summary>
public sealed class UnknownReplicas
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<long, ReportedReplica>> _byNode = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_lock) { return _byNode.Values.Sum(b => b.Count); } }
    }

    public void Add(string nodeId, IEnumerable<ReportedReplica> replicas)
    {
        lock (_lock)
        {
            if (!_byNode.TryGetValue(nodeId, out var blocks))
            {
                blocks = [];
                _byNode[nodeId] = blocks;
            }
            foreach (var replica in replicas)
            {
                blocks[replica.BlockId] = replica;
            }
        }
    }

    /// <summary>A node's full report replaces what it held: replicas it no longer reports are gone.</summary>
    public void Replace(string nodeId, IEnumerable<ReportedReplica> replicas)
    {
        lock (_lock)
        {
            _byNode.Remove(nodeId);
        }
        Add(nodeId, replicas);
    }

    /// <summary>Takes (and clears) every kept replica, by node, once safe mode is over.</summary>
    public IReadOnlyList<(string NodeId, ReportedReplica Replica)> TakeAll()
    {
        lock (_lock)
        {
            var all = _byNode.SelectMany(n => n.Value.Values.Select(r => (n.Key, r))).ToList();
            _byNode.Clear();
            return all;
        }
    }
}
