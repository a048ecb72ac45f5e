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
    public async Task CopyToAsync(string path, BlockInfo block, Stream destination, CancellationToken cancellationToken)
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
            await new BlockDownloader(channels).CopyToAsync(block.BlockId, block.Length, [.. block.Replicas.Select(r => new BlockTarget(r.NodeId, r.Address))],
                destination, node => ReportBadReplicaAsync(block.BlockId, node), cancellationToken).ConfigureAwait(false);
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
