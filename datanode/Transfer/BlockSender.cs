using DataLocal.DataNode.NameNodeLink;
using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Transfer;
using DataLocal.Common.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.Transfer;

/// <summary>
/// Serves a block (or a range of it) in large pieces. Each piece is wrapped, not copied, into the
/// message; gRPC serialises it before WriteAsync returns, so the reader's buffer can be reused.
/// A replica that fails its checksum is reported and kept, never sent.
/// </summary>
public sealed class BlockSender(BlockStore store, ReplicaReporter reporter, TransferCounter transfers, GrpcChannelPool peers, ILogger<BlockSender> logger)
{
    /// <summary>Bytes per message: large enough to amortise framing, small enough to stream.</summary>
    public const int PieceSize = 1024 * 1024;

    public async Task SendAsync(ReadBlockRequest request, IServerStreamWriter<ReadBlockChunk> output, CancellationToken cancellationToken)
    {
        using var _ = transfers.Begin();
        var replica = store.OpenReplica(request.BlockId);
        var length = request.Length > 0 ? request.Length : replica.Length - request.Offset;
        // The reader asks for compression only from nodes on another host; this node may still refuse.
        var compress = request.AcceptLz4 && peers.Compression.Mode != TransferCompressionMode.None;
        try
        {
            var sending = Task.CompletedTask;
            await foreach (var piece in replica.ReadAsync(request.Offset, length, PieceSize, cancellationToken).ConfigureAwait(false))
            {
                // Reading and compressing this piece overlapped the previous one's write.
                var packed = TransferPiece.Pack(piece, compress);
                transfers.Sent(packed);
                await sending.ConfigureAwait(false);
                sending = output.WriteAsync(new ReadBlockChunk { Data = packed.Wire, RawLength = packed.RawLength, RawCrc32C = packed.RawCrc32C }, cancellationToken);
                if (!packed.IsCompressed)
                {
                    // A plain piece is the reader's buffer, which it refills for the next piece.
                    await sending.ConfigureAwait(false);
                }
            }
            await sending.ConfigureAwait(false);
        }
        catch (CorruptReplicaException ex)
        {
            logger.CorruptReplica(request.BlockId, ex.Message);
            await reporter.ReportCorruptAsync(request.BlockId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }
}
