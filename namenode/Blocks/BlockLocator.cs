using DataLocal.NameNode.Datanodes;

namespace DataLocal.NameNode.Blocks;

/// <summary>Answers "which live datanodes hold this block", in an order that spreads readers over replicas.</summary>
public sealed class BlockLocator(BlockMap blockMap, DatanodeRegistry registry)
{
    public IReadOnlyList<DatanodeDescriptor> LiveReplicas(long blockId)
    {
        var replicas = blockMap.ReplicasOf(blockId)
            .Select(registry.Find)
            .OfType<DatanodeDescriptor>()
            .Where(n => n.State == DatanodeState.Live)
            .ToArray();
        Random.Shared.Shuffle(replicas);
        return replicas;
    }
}
