using DataLocal.DataNode.NameNodeLink;
using DataLocal.DataNode.Storage;
using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using DataLocal.Protocol.Transfer;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.Transfer;

/// <summary>
/// Receives one block of a write pipeline: stores each piece locally while forwarding the same
/// bytes (not a copy) to the next node, and answers only when this node and every node after it
/// have the block durable on disk.
/// </summary>
public sealed class BlockReceiver(
    BlockStore store,
    GrpcChannelPool peers,
    ReplicaReporter reporter,
    TransferCounter transfers,
    BlockTokenVerifier tokens,
    ILogger<BlockReceiver> logger)
{
    public async Task<WriteBlockReply> ReceiveAsync(IAsyncStreamReader<WriteBlockChunk> chunks, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (!await chunks.MoveNext(cancellationToken).ConfigureAwait(false) || chunks.Current.Header is null)
        {
            throw new InvalidDataException("a block write must start with its header");
        }
        var header = chunks.Current.Header;
        try
        {
            // Before a file is created or a byte forwarded: only the namenode's grant for this very block and stamp opens it.
            tokens.CheckWrite(header.BlockToken, header.BlockId, header.GenerationStamp, caller);
        }
        catch (BlockTokenException ex)
        {
            logger.BlockWriteRefused(header.BlockId, ex.Message);
            throw;
        }
        using var _ = transfers.Begin();
        ReplicaWriter writer;
        try
        {
            // Before anything is forwarded: a refused write must not start replicas downstream.
            writer = await store.CreateReplicaAsync(header.BlockId, header.GenerationStamp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReplicaExistsException or InvalidBlockIdException)
        {
            logger.BlockWriteRefused(header.BlockId, ex.Message);
            throw;
        }
        await using (writer.ConfigureAwait(false))
        {
            using var downstream = header.Downstream.Count > 0 ? new DownstreamHop(peers, header, cancellationToken) : null;
            try
            {
                var piece = PieceOf(chunks.Current);
                while (true)
                {
                    await WriteAsync(writer, downstream, piece, cancellationToken).ConfigureAwait(false);
                    if (!await chunks.MoveNext(cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                    piece = PieceOf(chunks.Current);
                }
                if (writer.Length != header.ExpectedLength)
                {
                    throw new InvalidDataException($"block {header.BlockId}: received {writer.Length} bytes, expected {header.ExpectedLength}");
                }
                var downstreamDurable = downstream is null ? [] : await downstream.FinishAsync().ConfigureAwait(false);
                await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
                await reporter.ReportReceivedAsync(header.BlockId, writer.Length, writer.GenerationStamp, cancellationToken).ConfigureAwait(false);
                logger.BlockReceived(header.BlockId, writer.Length, header.Downstream.Count);
                var reply = new WriteBlockReply();
                reply.DurableNodeIds.Add(store.NodeId);
                reply.DurableNodeIds.AddRange(downstreamDurable);
                return reply;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.BlockWriteFailed(header.BlockId, ex.Message);
                throw;
            }
        }
    }

    private TransferPiece PieceOf(WriteBlockChunk chunk)
    {
        var piece = new TransferPiece(chunk.Data, chunk.RawLength, chunk.RawCrc32C);
        transfers.Received(piece);
        return piece;
    }

    // The piece goes downstream as it arrived (a compressed one is not expanded and compressed again);
    // the bytes written here, and checksummed by the writer, are the expanded ones.
    private static async Task WriteAsync(ReplicaWriter writer, DownstreamHop? downstream, TransferPiece piece, CancellationToken cancellationToken)
    {
        var forward = downstream?.SendAsync(piece, cancellationToken) ?? Task.CompletedTask;
        if (piece.Length > 0)
        {
            await writer.WriteAsync(piece.Expand(), cancellationToken).ConfigureAwait(false);
        }
        await forward.ConfigureAwait(false);
    }
}
