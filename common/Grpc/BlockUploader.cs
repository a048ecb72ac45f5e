using DataLocal.Protocol.Transfer;
using Grpc.Core;

namespace DataLocal.Common.Grpc;

/// <summary>
/// Streams one block into a write pipeline: the sender talks to the first datanode, which forwards
/// to the next. Returns when every node of the pipeline has the block on disk. Used by the client's
/// puts and by executors writing job output.
/// </summary>
public sealed class BlockUploader(GrpcChannelPool channels)
{
    /// <summary>Bytes per message: 1 MiB keeps framing cost negligible while the stream stays smooth.</summary>
    public const int PieceSize = 1024 * 1024;

    /// <summary>Fills a buffer with the block's bytes starting at the given offset within the block.</summary>
    public delegate ValueTask FillAsync(Memory<byte> buffer, long offsetInBlock, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="length"/> bytes; throws <see cref="PipelineWriteException"/> naming the node to avoid on a retry.</summary>
    public async Task UploadAsync(StampedBlock block, long length, IReadOnlyList<BlockTarget> pipeline, FillAsync fill, CancellationToken cancellationToken)
    {
        var client = new DataTransfer.DataTransferClient(channels.For(pipeline[0].Address));
        // A pipeline node that stops taking bytes (or never acknowledges) is treated as failed, so the
        // writer retries without it instead of waiting for ever.
        using var deadline = new ProgressDeadline(channels.Timeouts.StreamIdle, cancellationToken);
        using var call = client.WriteBlock(cancellationToken: deadline.Token);
        var header = new WriteBlockHeader { BlockId = block.BlockId, GenerationStamp = block.GenerationStamp, ExpectedLength = length, BlockToken = block.Token };
        header.Downstream.AddRange(pipeline.Skip(1).Select(n => new PipelineTarget { NodeId = n.NodeId, Address = n.Address }));

        // Two buffers: the next piece is filled while the previous one is on the wire. Pieces are
        // wrapped, not copied, into messages, which is safe because a buffer is reused only after
        // the write that carried it has completed.
        var compress = channels.Compression.AppliesTo(pipeline[0].Address);
        var buffers = new[] { new byte[Math.Min(PieceSize, Math.Max(1, length))], new byte[Math.Min(PieceSize, Math.Max(1, length))] };
        var sent = 0L;
        var turn = 0;
        Task sending = Task.CompletedTask;
        try
        {
            do
            {
                var buffer = buffers[turn++ % 2];
                var count = (int)Math.Min(buffer.Length, length - sent);
                await fill(buffer.AsMemory(0, count), sent, cancellationToken).ConfigureAwait(false);
                // Compressing this piece overlaps the previous one's write.
                var piece = TransferPiece.Pack(buffer.AsMemory(0, count), compress);
                await sending.ConfigureAwait(false);
                deadline.Renew();
                var message = new WriteBlockChunk { Data = piece.Wire, RawLength = piece.RawLength, RawCrc32C = piece.RawCrc32C };
                if (sent == 0)
                {
                    message.Header = header;
                }
                sending = call.RequestStream.WriteAsync(message, deadline.Token);
                sent += count;
            }
            while (sent < length);
            await sending.ConfigureAwait(false);
            deadline.Renew();
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (Exception ex) when (deadline.Expired)
        {
            throw new PipelineWriteException(pipeline[0].NodeId, $"no progress for {deadline.Idle.TotalSeconds:0} s", ex);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            throw await FailureAsync(call, pipeline[0].NodeId, ex).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a block already in memory.</summary>
    public Task UploadAsync(StampedBlock block, ReadOnlyMemory<byte> data, IReadOnlyList<BlockTarget> pipeline, CancellationToken cancellationToken) =>
        UploadAsync(block, data.Length, pipeline, (buffer, offset, _) =>
        {
            data.Slice((int)offset, buffer.Length).CopyTo(buffer);
            return ValueTask.CompletedTask;
        }, cancellationToken);

    // The failed node is the deepest one named in the error's trailers, else the first hop.
    private static async Task<PipelineWriteException> FailureAsync(AsyncClientStreamingCall<WriteBlockChunk, WriteBlockReply> call, string firstNode, Exception ex)
    {
        var failed = firstNode;
        var reason = ex is RpcException rpc ? rpc.Status.Detail : ex.Message;
        try
        {
            await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException response)
        {
            reason = response.Status.Detail;
            failed = response.Trailers.GetValue(TransferHeaders.FailedNodeId) ?? failed;
        }
        return new PipelineWriteException(failed, reason, ex);
    }
}

/// <summary>A pipeline failed; <see cref="FailedNodeId"/> is the node to avoid on the retry.</summary>
public sealed class PipelineWriteException(string failedNodeId, string reason, Exception inner)
    : Exception($"datanode {failedNodeId} failed: {reason}", inner)
{
    public string FailedNodeId { get; } = failedNodeId;
}
