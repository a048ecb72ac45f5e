using DataLocal.NameNode.Datanodes;

namespace DataLocal.NameNode.Placement;

/// <summary>
/// Chooses the datanodes of a write pipeline: distinct nodes, spread over racks, preferring
/// nodes with free space (HDFS's default policy, simplified). Pure: it only reads the node list.
/// </summary>
public sealed class ReplicaPlacementPolicy(Random random)
{
    /// <summary>
    /// Picks <paramref name="count"/> nodes, or fewer when there are not enough. The first is the
    /// writer's own node when the writer is a datanode, as HDFS does for local writes.
    /// </summary>
    public IReadOnlyList<DatanodeDescriptor> Choose(
        IReadOnlyList<DatanodeDescriptor> liveNodes,
        int count,
        long blockSize,
        IReadOnlySet<string> excludedNodeIds,
        string? writerNodeId = null)
    {
        var candidates = liveNodes.Where(n => !excludedNodeIds.Contains(n.NodeId)).ToList();
        // Nodes without room for a block are a last resort, not a first choice.
        var roomy = candidates.Where(n => n.RemainingBytes >= blockSize).ToList();
        if (roomy.Count >= Math.Min(count, candidates.Count))
        {
            candidates = roomy;
        }

        var chosen = new List<DatanodeDescriptor>(count);
        var writer = writerNodeId is null ? null : candidates.Find(n => n.NodeId == writerNodeId);
        if (writer is not null)
        {
            chosen.Add(writer);
            candidates.Remove(writer);
        }
        while (chosen.Count < count && candidates.Count > 0)
        {
            var next = PickNext(candidates, chosen);
            chosen.Add(next);
            candidates.Remove(next);
        }
        return chosen;
    }

    // Among the racks holding the fewest chosen replicas, pick a node at random weighted by its free space.
    private DatanodeDescriptor PickNext(List<DatanodeDescriptor> candidates, List<DatanodeDescriptor> chosen)
    {
        var replicasPerRack = chosen.GroupBy(n => n.Rack, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var fewest = candidates.Min(n => replicasPerRack.GetValueOrDefault(n.Rack));
        var pool = candidates.Where(n => replicasPerRack.GetValueOrDefault(n.Rack) == fewest).ToList();
        var weights = pool.Select(n => Math.Max(1.0, n.RemainingBytes)).ToList();
        var roll = random.NextDouble() * weights.Sum();
        for (var i = 0; i < pool.Count; i++)
        {
            roll -= weights[i];
            if (roll <= 0)
            {
                return pool[i];
            }
        }
        return pool[^1];
    }
}
