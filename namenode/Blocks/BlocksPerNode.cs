namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Blocks the namenode has something to tell a node about, per node, until that node's next
/// heartbeat reply carries them: the namenode never calls a datanode itself.
/// </summary>
public abstract class BlocksPerNode
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

    /// <summary>Takes (and clears) what is queued for the node.</summary>
    public IReadOnlyList<long> Take(string nodeId)
    {
        lock (_lock)
        {
            return _byNode.Remove(nodeId, out var blocks) ? [.. blocks] : [];
        }
    }

    /// <summary>Every block queued for some node (for invariant checks in tests).</summary>
    internal IReadOnlySet<long> PendingBlockIds()
    {
        lock (_lock)
        {
            return _byNode.Values.SelectMany(b => b).ToHashSet();
        }
    }
}
