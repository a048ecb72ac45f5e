using DataLocal.Common.Parquet;
using DataLocal.Client.Layout;
using DataLocal.Common.Grpc;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Transfer;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.Client.Writing;

/// <summary>
/// Streams one block from a local file into a write pipeline: the client sends to the first
/// datanode, which forwards to the next. Returns when every node has the block on disk.
/// </summary>
internal sealed class PipelineWriter(GrpcChannelPool channels)
{
    /// <summary>Bytes per message: 1 MiB keeps framing cost negligible while the stream stays smooth.</summary>
    public const int PieceSize = 1024 * 1024;

    public async Task WriteAsync(FileStream source, BlockRange block, long blockId, IReadOnlyList<DatanodeAddress> pipeline, CancellationToken cancellationToken)
    {
        var client = new DataTransfer.DataTransferClient(channels.For(pipeline[0].Address));
        using var call = client.WriteBlock(cancellationToken: cancellationToken);
        var header = new WriteBlockHeader { BlockId = blockId, ExpectedLength = block.Length };
        header.Downstream.AddRange(pipeline.Skip(1).Select(n => new PipelineTarget { NodeId = n.NodeId, Address = n.Address }));

        // Two buffers: the next piece is read from disk while the previous one is on the wire.
        var buffers = new[] { new byte[PieceSize], new byte[PieceSize] };
        var sent = 0L;
        var turn = 0;
        Task sending = Task.CompletedTask;
        try
        {
            do
            {
                var buffer = buffers[turn++ % 2];
                var count = (int)Math.Min(PieceSize, block.Length - sent);
                await RandomAccess.ReadAsync(source.SafeFileHandle, buffer.AsMemory(0, count), block.Offset + sent, cancellationToken).ConfigureAwait(false);
                await sending.ConfigureAwait(false);
                var message = new WriteBlockChunk { Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, count)) };
                if (sent == 0)
                {
                    message.Header = header;
                }
                sending = call.RequestStream.WriteAsync(message, cancellationToken);
                sent += count;
            }
            while (sent < block.Length);
            await sending.ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            throw await FailureAsync(call, pipeline[0].NodeId, ex).ConfigureAwait(false);
        }
    }

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
internal sealed class PipelineWriteException(string failedNodeId, string reason, Exception inner)
    : Exception($"datanode {failedNodeId} failed: {reason}", inner)
{
    public string FailedNodeId { get; } = failedNodeId;
}
