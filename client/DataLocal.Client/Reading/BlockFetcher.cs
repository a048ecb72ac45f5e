using DataLocal.Client.Model;
using DataLocal.Common.Grpc;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Transfer;
using Grpc.Core;

namespace DataLocal.Client.Reading;

/// <summary>
/// Reads one block from the first replica that serves it whole. A replica that fails its
/// checksum, is missing, or whose node is down is skipped and the next one tried; a corrupt one is
/// reported to the namenode (the datanode reports it too, but it may not get the chance).
/// </summary>
internal sealed class BlockFetcher(GrpcChannelPool channels, ClientNamenode.ClientNamenodeClient namenode)
{
    public async Task CopyToAsync(BlockInfo block, Stream destination, CancellationToken cancellationToken)
    {
        if (block.Replicas.Count == 0)
        {
            throw new DataLocalException($"block {block.BlockId} (offset {block.Offset}) has no live replica: its datanodes are down or lost it; run `datalocal fs fsck` or restart them");
        }
        var errors = new List<string>();
        foreach (var replica in block.Replicas)
        {
            var startPosition = destination.CanSeek ? destination.Position : -1;
            long received = 0;
            try
            {
                var client = new DataTransfer.DataTransferClient(channels.For(replica.Address));
                using var call = client.ReadBlock(new ReadBlockRequest { BlockId = block.BlockId }, cancellationToken: cancellationToken);
                // A replica is only trusted whole: buffer nothing, but rewind if it fails part-way.
                await foreach (var piece in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    await destination.WriteAsync(piece.Data.Memory, cancellationToken).ConfigureAwait(false);
                    received += piece.Data.Length;
                }
                if (received != block.Length)
                {
                    throw new RpcException(new Status(StatusCode.DataLoss, $"replica on {replica.NodeId} has {received} bytes, expected {block.Length}"));
                }
                return;
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{replica.NodeId}: {ex.Status.Detail}");
                if (ex.StatusCode == StatusCode.DataLoss)
                {
                    await ReportBadReplicaAsync(block.BlockId, replica.NodeId).ConfigureAwait(false);
                }
                if (received > 0)
                {
                    if (startPosition < 0)
                    {
                        throw new DataLocalException($"block {block.BlockId} failed part-way on {replica.NodeId} and the output cannot be rewound: {ex.Status.Detail}", ex);
                    }
                    destination.Position = startPosition;
                    destination.SetLength(startPosition);
                }
            }
        }
        throw new DataLocalException($"could not read block {block.BlockId} from any of its {block.Replicas.Count} replicas ({string.Join("; ", errors)})");
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
