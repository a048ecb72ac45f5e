using DataLocal.NameNode.Datanodes;

namespace DataLocal.NameNode.Blocks;

/// <summary>Answers "which live datanodes hold this block", in an order that spreads readers over replicas.</summary>
public sealed class BlockLocator(BlockMap blockMap, DatanodeRegistry registry)
{
    /// <summary>Live nodes with a good replica, shuffled, those the namenode could not reach last (a reader elsewhere may still reach them).</summary>
    public IReadOnlyList<DatanodeDescriptor> LiveReplicas(long blockId)
    {
        var replicas = Live(blockMap.ReplicasOf(blockId));
        Random.Shared.Shuffle(replicas);
        return [.. replicas.OrderBy(n => n.IsReachable ? 0 : 1)];
    }

    /// <summary>Live nodes with a replica that failed its checksum: never to be read, but what a rebuild starts from.</summary>
    public IReadOnlyList<DatanodeDescriptor> LiveCorruptReplicas(long blockId) => Live(blockMap.CorruptReplicasOf(blockId));

    private DatanodeDescriptor[] Live(IEnumerable<string> nodeIds) =>
        [.. nodeIds.Select(registry.Find).OfType<DatanodeDescriptor>().Where(n => n.State == DatanodeState.Live)];
}
