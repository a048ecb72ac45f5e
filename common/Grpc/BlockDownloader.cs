using DataLocal.Protocol.Security;
using DataLocal.Protocol.Transfer;
using Grpc.Core;

namespace DataLocal.Common.Grpc;

/// <summary>
/// Reads one whole block from the first replica that serves it completely. A replica that fails its
/// checksum, is missing, or whose node is down is skipped and the next one tried; a replica that
/// fails part-way is rewound out of the destination first. Used by the client's reads and by
/// executors reading a remote replica.
/// </summary>
public sealed class BlockDownloader(GrpcChannelPool channels)
{
    /// <summary>
    /// Copies the block (or, from <paramref name="rangeOffset"/> when given, <paramref name="length"/> bytes of it) into a seekable
    /// <paramref name="destination"/>; <paramref name="onCorrupt"/> hears of replicas that failed their checksums.
    /// A refused <paramref name="token"/> (expired, rolled out) ends the read at once with <see cref="BlockTokenRefusedException"/>:
    /// every replica would refuse it alike, and the caller can fetch a fresh one.
    /// </summary>
    public async Task CopyToAsync(
        long blockId, BlockToken? token, long length, IReadOnlyList<BlockTarget> replicas, Stream destination, Func<string, Task>? onCorrupt, CancellationToken cancellationToken,
        long? rangeOffset = null)
    {
        var errors = new List<string>();
        var corrupt = 0;
        foreach (var replica in replicas)
        {
            var start = destination.Position;
            using var deadline = new ProgressDeadline(channels.Timeouts.StreamIdle, cancellationToken);
            try
            {
                var client = new DataTransfer.DataTransferClient(channels.For(replica.Address));
                using var call = client.ReadBlock(
                    new ReadBlockRequest
                    {
                        BlockId = blockId,
                        // A whole block is asked for as "to the end", so a replica longer than expected is caught below.
                        Offset = rangeOffset ?? 0,
                        Length = rangeOffset is null ? 0 : length,
                        AcceptLz4 = channels.Compression.AppliesTo(replica.Address),
                        BlockToken = token,
                    }, cancellationToken: deadline.Token);
                var received = 0L;
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(deadline.Token).ConfigureAwait(false))
                {
                    deadline.Renew();
                    var piece = new TransferPiece(chunk.Data, chunk.RawLength, chunk.RawCrc32C);
                    received += piece.Length;
                    if (received > length)
                    {
                        throw new RpcException(new Status(StatusCode.DataLoss, $"replica on {replica.NodeId} is longer than the block's {length} bytes"));
                    }
                    await destination.WriteAsync(Expand(piece, replica.NodeId), cancellationToken).ConfigureAwait(false);
                }
                if (received != length)
                {
                    throw new RpcException(new Status(StatusCode.DataLoss, $"replica on {replica.NodeId} has {received} bytes, expected {length}"));
                }
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
            {
                destination.Position = start;
                destination.SetLength(start);
                throw new BlockTokenRefusedException(blockId, replica.NodeId, ex.Status.Detail, ex);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var dataLoss = ex is RpcException { StatusCode: StatusCode.DataLoss };
                errors.Add(deadline.Expired
                    ? $"{replica.NodeId}: sent nothing for {deadline.Idle.TotalSeconds:0} s"
                    : $"{replica.NodeId}: {(ex is RpcException rpc ? rpc.Status.Detail : ex.Message)}");
                if (dataLoss)
                {
                    corrupt++;
                    if (onCorrupt is not null)
                    {
                        await onCorrupt(replica.NodeId).ConfigureAwait(false);
                    }
                }
                destination.Position = start;
                destination.SetLength(start);
            }
        }
        throw new BlockUnreadableException(blockId, replicas.Count, corrupt, errors);
    }

    // Bytes damaged on the way: try the next replica, without calling this one corrupt (its disk copy verified).
    private static ReadOnlyMemory<byte> Expand(TransferPiece piece, string nodeId)
    {
        try
        {
            return piece.Expand();
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"from {nodeId}: {ex.Message}"));
        }
    }
}

/// <summary>No replica of a block could be read whole; when every one failed its checksum, the block is corrupt.</summary>
public sealed class BlockUnreadableException(long blockId, int replicas, int corrupt, IReadOnlyList<string> errors)
    : IOException(replicas == 0
        ? $"block {blockId} has no live replica"
        : corrupt == replicas
            ? $"block {blockId} is corrupt: all {replicas} replicas failed checksum verification"
            : $"could not read block {blockId} from any of its {replicas} replicas ({string.Join("; ", errors)})")
{
    /// <summary>Every replica tried failed its checksum (none was merely unreachable).</summary>
    public bool AllCorrupt { get; } = replicas > 0 && corrupt == replicas;

    public int Replicas { get; } = replicas;
}
