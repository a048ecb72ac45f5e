namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Which blocks exist and which datanodes hold a replica of each. Replica locations are soft
/// state, rebuilt from block reports; the set of blocks comes from committed files and open writes.
/// It knows block ids and node ids, never paths.
/// </summary>
public sealed class BlockMap
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, HashSet<string>> _replicasByBlock = [];
    private readonly Dictionary<string, HashSet<long>> _blocksByNode = new(StringComparer.Ordinal);

    public int BlockCount
    {
        get { lock (_lock) { return _replicasByBlock.Count; } }
    }

    /// <summary>Makes a block known, so replicas reported for it are kept.</summary>
    public void AddBlock(long blockId)
    {
        lock (_lock)
        {
            _replicasByBlock.TryAdd(blockId, []);
        }
    }

    public bool IsKnown(long blockId)
    {
        lock (_lock) { return _replicasByBlock.ContainsKey(blockId); }
    }

    /// <summary>Forgets a block; returns the nodes that still hold a replica and should delete it.</summary>
    public IReadOnlyList<string> RemoveBlock(long blockId)
    {
        lock (_lock)
        {
            if (!_replicasByBlock.Remove(blockId, out var nodes))
            {
                return [];
            }
            foreach (var node in nodes)
            {
                _blocksByNode[node].Remove(blockId);
            }
            return [.. nodes];
        }
    }

    /// <summary>Records a replica; false when the block is unknown (the node should delete it).</summary>
    public bool AddReplica(long blockId, string nodeId)
    {
        lock (_lock)
        {
            if (!_replicasByBlock.TryGetValue(blockId, out var nodes))
            {
                return false;
            }
            nodes.Add(nodeId);
            BlocksOf(nodeId).Add(blockId);
            return true;
        }
    }

    public void RemoveReplica(long blockId, string nodeId)
    {
        lock (_lock)
        {
            if (_replicasByBlock.TryGetValue(blockId, out var nodes))
            {
                nodes.Remove(nodeId);
            }
            if (_blocksByNode.TryGetValue(nodeId, out var blocks))
            {
                blocks.Remove(blockId);
            }
        }
    }

    /// <summary>
    /// Replaces everything known about a node with its full block report. Returns the reported
    /// blocks that belong to no file or open write: the node should delete them.
    /// </summary>
    public IReadOnlyList<long> ApplyFullReport(string nodeId, IEnumerable<long> reportedBlockIds)
    {
        lock (_lock)
        {
            RemoveNodeLocked(nodeId);
            var unknown = new List<long>();
            var held = BlocksOf(nodeId);
            foreach (var blockId in reportedBlockIds)
            {
                if (_replicasByBlock.TryGetValue(blockId, out var nodes))
                {
                    nodes.Add(nodeId);
                    held.Add(blockId);
                }
                else
                {
                    unknown.Add(blockId);
                }
            }
            return unknown;
        }
    }

    /// <summary>Forgets every replica of a node (it died).</summary>
    public void RemoveNode(string nodeId)
    {
        lock (_lock)
        {
            RemoveNodeLocked(nodeId);
        }
    }

    public IReadOnlyList<string> ReplicasOf(long blockId)
    {
        lock (_lock)
        {
            return _replicasByBlock.TryGetValue(blockId, out var nodes) ? [.. nodes] : [];
        }
    }

    /// <summary>How many known blocks have at least one reported replica, of all known blocks.</summary>
    public (int Reported, int Total) ReportedCounts()
    {
        lock (_lock)
        {
            return (_replicasByBlock.Values.Count(r => r.Count > 0), _replicasByBlock.Count);
        }
    }

    /// <summary>Share of known blocks with a reported replica; 1 when there are no blocks.</summary>
    public double ReportedShare()
    {
        var (reported, total) = ReportedCounts();
        return total == 0 ? 1.0 : (double)reported / total;
    }

    public int ReplicaCountOn(string nodeId)
    {
        lock (_lock)
        {
            return _blocksByNode.TryGetValue(nodeId, out var blocks) ? blocks.Count : 0;
        }
    }

    private HashSet<long> BlocksOf(string nodeId)
    {
        if (!_blocksByNode.TryGetValue(nodeId, out var blocks))
        {
            blocks = [];
            _blocksByNode[nodeId] = blocks;
        }
        return blocks;
    }

    private void RemoveNodeLocked(string nodeId)
    {
        if (!_blocksByNode.Remove(nodeId, out var blocks))
        {
            return;
        }
        foreach (var blockId in blocks)
        {
            if (_replicasByBlock.TryGetValue(blockId, out var nodes))
            {
                nodes.Remove(nodeId);
            }
        }
    }
}
