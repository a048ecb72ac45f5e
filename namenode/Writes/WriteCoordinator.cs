using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Writes;

/// <summary>
/// Runs a file write from open to commit: allocates blocks and pipelines, and makes the file
/// visible only when every block is on disk somewhere. Abandoned or expired writes leave nothing.
/// </summary>
public sealed class WriteCoordinator(
    NamespaceManager namespaceManager,
    OpenWriteTable openWrites,
    BlockMap blockMap,
    BlockIdGenerator blockIds,
    BlockInvalidator invalidator,
    DatanodeRegistry registry,
    ReplicaPlacementPolicy placement,
    IOptions<NameNodeOptions> options,
    ILogger<WriteCoordinator> logger)
{
    /// <param name="owner">The user writing the file, who will own it; null = the superuser.</param>
    public OpenWrite Create(string path, int replication, long blockSize, bool overwrite, string? owner = null)
    {
        var normalized = namespaceManager.CheckCreatable(path, overwrite);
        replication = replication > 0 ? replication : options.Value.DefaultReplication;
        blockSize = blockSize > 0 ? blockSize : options.Value.DefaultBlockSize;
        CheckEnoughNodes(replication);
        return openWrites.Open(normalized, replication, blockSize, overwrite, owner);
    }

    /// <summary>Allocates the next block and the nodes of its pipeline, avoiding nodes the client saw fail.</summary>
    public (long BlockId, IReadOnlyList<DatanodeDescriptor> Pipeline) AddBlock(string writeId, IReadOnlySet<string> excludedNodeIds)
    {
        var (replication, blockSize) = openWrites.Update(writeId, w => (w.Replication, w.BlockSize));
        Interleaving.Point("add-block:placing");
        var pipeline = placement.Choose(registry.WritableNodes(), replication, blockSize, excludedNodeIds);
        if (pipeline.Count == 0)
        {
            throw new InsufficientDatanodesException(
                $"no live datanode can take the block ({excludedNodeIds.Count} excluded after failures); check `datalocal admin report`");
        }
        var blockId = blockIds.Next();
        Interleaving.Point("add-block:allocated");
        // Known to the block map and owned by the write in one step: an abandon that lands between
        // the two would otherwise leave a block that no write or file owns and nobody deletes.
        openWrites.Update(writeId, w =>
        {
            blockMap.AddNewBlock(blockId);
            w.BlockIds.Add(blockId);
            return 0;
        });
        return (blockId, pipeline);
    }

    public void AbandonBlock(string writeId, long blockId)
    {
        var removed = openWrites.Update(writeId, w => w.BlockIds.Remove(blockId));
        if (removed)
        {
            Interleaving.Point("abandon-block:removed");
            invalidator.Invalidate([blockId]);
        }
    }

    /// <summary>
    /// Commits the file. Every block must belong to the write and have at least one replica on disk.
    /// The write is claimed first, so a concurrent abandon or lease expiry cannot discard the blocks
    /// of the file being committed; if the commit fails, the claim is released (and a pending abandon applied).
    /// </summary>
    public void Complete(string writeId, INodeRecord file)
    {
        var write = openWrites.ClaimForCommit(writeId);
        Interleaving.Point("complete:claimed");
        IReadOnlyList<long> replaced;
        try
        {
            CheckBlocksReady(write, file);
            blockMap.StampBlocks(file);
            file.Path = write.Path;
            file.Replication = write.Replication;
            file.BlockSize = write.BlockSize;
            file.Owner = write.Owner;
            replaced = namespaceManager.CommitFile(file, write.Overwrite);
        }
        catch
        {
            Interleaving.Point("complete:commit-failed");
            if (openWrites.ReleaseClaim(writeId) is { } abandoned)
            {
                invalidator.Invalidate(abandoned.BlockIds);
            }
            throw;
        }
        Interleaving.Point("complete:committed");
        openWrites.FinishCommit(writeId);
        blockMap.Expect(file.Replication, file.Blocks.Select(b => (b.BlockId, b.Length)));
        Interleaving.Point("complete:finished");
        // Blocks allocated but not part of the committed file (retried pipelines) are garbage now.
        var committed = file.Blocks.Select(b => b.BlockId).ToHashSet();
        invalidator.Invalidate(write.BlockIds.Where(id => !committed.Contains(id)).Concat(replaced));
        logger.FileCompleted(file.Path, file.Length, file.Blocks.Count);
    }

    public void Abandon(string writeId)
    {
        var write = openWrites.Remove(writeId);
        if (write is not null)
        {
            Interleaving.Point("abandon:removed");
            invalidator.Invalidate(write.BlockIds);
        }
    }

    /// <summary>Abandons writes whose client went quiet (crashed or was killed).</summary>
    public void ExpireIdleWrites()
    {
        var timeout = options.Value.WriteLeaseTimeout;
        foreach (var write in openWrites.RemoveExpired(timeout))
        {
            Interleaving.Point("lease:expired");
            logger.WriteExpired(write.WriteId, write.Path, timeout.TotalSeconds, write.BlockIds.Count);
            invalidator.Invalidate(write.BlockIds);
        }
    }

    private void CheckBlocksReady(OpenWrite write, INodeRecord file)
    {
        foreach (var block in file.Blocks)
        {
            if (!write.BlockIds.Contains(block.BlockId))
            {
                throw new InvalidOperationException($"block {block.BlockId} does not belong to write {write.WriteId}");
            }
            if (blockMap.ReplicasOf(block.BlockId).Count == 0)
            {
                throw new InsufficientDatanodesException($"block {block.BlockId} has no replica on disk yet; the write cannot complete");
            }
        }
    }

    private void CheckEnoughNodes(int replication)
    {
        var live = registry.WritableNodes().Count;
        if (replication > live)
        {
            throw new InsufficientDatanodesException(
                $"replication {replication} needs {replication} live datanodes but only {live} are live; lower -r or start more datanodes");
        }
    }
}

/// <summary>Not enough live datanodes for what was asked.</summary>
public sealed class InsufficientDatanodesException(string message) : Exception(message);
