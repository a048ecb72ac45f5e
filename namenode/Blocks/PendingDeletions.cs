namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Replicas the namenode wants deleted, per node, until that node's next heartbeat carries the
/// command (HDFS's invalidateBlocks). The namenode never calls a datanode itself.
/// </summary>
public sealed class PendingDeletions
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<long>> _byNode = new(StringComparer.Ordinal);

    public void Add(string nodeId, long blockId)
    {
        lock (_lock)
        {
            if (!_byNode.TryGetValue(nodeId, out var blocks))
            {
                blocks = [];
                _byNode[nodeId] = blocks;
            }
            blocks.Add(blockId);
        }
    }

    public void Add(IEnumerable<string> nodeIds, long blockId)
    {
        foreach (var nodeId in nodeIds)
        {
            Add(nodeId, blockId);
        }
    }

    /// <summary>Takes (and clears) the node's pending deletions.</summary>
    public IReadOnlyList<long> Take(string nodeId)
    {
        lock (_lock)
        {
            return _byNode.Remove(nodeId, out var blocks) ? [.. blocks] : [];
        }
    }

    /// <summary>Every block with a deletion pending on some node (for invariant checks in tests).</summary>
    internal IReadOnlySet<long> PendingBlockIds()
    {
        lock (_lock)
        {
            return _byNode.Values.SelectMany(b => b).ToHashSet();
        }
    }
}
