namespace DataLocal.NameNode.Blocks;

/// <summary>Forgets blocks that no file needs any more and queues their replicas for deletion.</summary>
public sealed class BlockInvalidator(BlockMap blockMap, PendingDeletions pendingDeletions)
{
    public void Invalidate(IEnumerable<long> blockIds)
    {
        foreach (var blockId in blockIds)
        {
            Interleaving.Point("invalidate:block");
            pendingDeletions.Add(blockMap.RemoveBlock(blockId), blockId);
        }
    }
}
