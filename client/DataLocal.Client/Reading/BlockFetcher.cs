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
    public async Task CopyToAsync(BlockInfo block, Stream destination, CancellationToken cancellationToken)
    {
        if (block.Replicas.Count == 0)
        {
            throw new DataLocalException($"block {block.BlockId} (offset {block.Offset}) has no live replica: its datanodes are down or lost it; restart them");
        }
        try
        {
            await new BlockDownloader(channels).CopyToAsync(block.BlockId, block.Length, [.. block.Replicas.Select(r => new BlockTarget(r.NodeId, r.Address))],
                destination, node => ReportBadReplicaAsync(block.BlockId, node), cancellationToken).ConfigureAwait(false);
        }
        catch (BlockUnreadableException ex)
        {
            throw new DataLocalException(ex.Message, ex);
        }
    }

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
