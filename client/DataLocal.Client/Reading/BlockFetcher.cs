using DataLocal.Client.Model;
using DataLocal.Common.Grpc;
using DataLocal.Protocol.Client;
using Grpc.Core;

namespace DataLocal.Client.Reading;

/// <summary>
/// Reads one block for the client from the first replica that serves it whole, and tells the
/// namenode about replicas that failed their checksums (the datanode reports them too, but it may
/// not get the chance).
/// </summary>
internal sealed class BlockFetcher(GrpcChannelPool channels, ClientNamenode.ClientNamenodeClient namenode)
{
    /// <summary>
    /// Copies the block; when its token was refused (it expired during a long read, or the namenode
    /// restarted and its keys changed), <paramref name="relocate"/> fetches the block's locations with a
    /// fresh token and the block is read again, once.
    /// </summary>
    /// <param name="path">The file the block belongs to, for messages and the read's audit.</param>
    /// <param name="block">The block and its replicas, tried in turn.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="relocate">Fetches the block's locations again, with a fresh token.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <param name="range">Offset in the block and length of the bytes wanted; null for the whole block.</param>
    public async Task CopyToAsync(
        string path, BlockInfo block, Stream destination, Func<long, Task<BlockInfo?>> relocate, CancellationToken cancellationToken, (long Offset, long Length)? range = null)
    {
        try
        {
            await CopyOnceAsync(path, block, destination, range, cancellationToken).ConfigureAwait(false);
        }
        catch (BlockTokenRefusedException refused)
        {
            var fresh = await relocate(block.BlockId).ConfigureAwait(false)
                ?? throw new DataLocalException($"{path}: {refused.Message}, and the file no longer has this block", refused);
            try
            {
                await CopyOnceAsync(path, fresh, destination, range, cancellationToken).ConfigureAwait(false);
            }
            catch (BlockTokenRefusedException again)
            {
                throw new DataLocalException($"{path}: {again.Message}", again);
            }
        }
    }

    private async Task CopyOnceAsync(string path, BlockInfo block, Stream destination, (long Offset, long Length)? range, CancellationToken cancellationToken)
    {
        if (block.IsCorrupt)
        {
            throw new DataLocalException(CorruptMessage(path, block.BlockId, block.CorruptReplicas.Count));
        }
        if (block.Replicas.Count == 0)
        {
            throw new DataLocalException($"block {block.BlockId} of {path} (offset {block.Offset}) has no live replica: its datanodes are down or lost it; restart them");
        }
        try
        {
            await new BlockDownloader(channels).CopyToAsync(block.BlockId, block.Token, range?.Length ?? block.Length, [.. block.Replicas.Select(r => new BlockTarget(r.NodeId, r.Address))],
                destination, node => ReportBadReplicaAsync(block.BlockId, node), cancellationToken, range?.Offset).ConfigureAwait(false);
        }
        catch (BlockUnreadableException ex) when (ex.AllCorrupt)
        {
            // Replicas the namenode did not yet know to be corrupt: they are now, and the block with them.
            throw new DataLocalException(CorruptMessage(path, block.BlockId, ex.Replicas + block.CorruptReplicas.Count), ex);
        }
        catch (BlockUnreadableException ex)
        {
            throw new DataLocalException($"{path}: {ex.Message}", ex);
        }
    }

    private static string CorruptMessage(string path, long blockId, int replicas) =>
        $"block {blockId} of {path} is corrupt: all {replicas} replicas failed checksum verification; run `datalocal fs fsck {path} --recover` to rebuild it";

    private async Task ReportBadReplicaAsync(long blockId, string nodeId)
    {
        try
        {
            await namenode.ReportBadReplicaAsync(new ReportBadReplicaRequest { BlockId = blockId, NodeId = nodeId }).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The datanode reports its own corrupt replicas as well; this is a second chance.
        }
    }
}
