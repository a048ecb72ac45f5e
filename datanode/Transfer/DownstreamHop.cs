using DataLocal.Common.Grpc;
using DataLocal.Protocol.Transfer;
using Grpc.Core;

namespace DataLocal.DataNode.Transfer;

/// <summary>
/// The call to the next node of a write pipeline. The first piece sent carries the header that
/// tells that node which nodes follow it.
/// </summary>
public sealed class DownstreamHop : IDisposable
{
    private readonly AsyncClientStreamingCall<WriteBlockChunk, WriteBlockReply> _call;
    // A next node that stops taking bytes fails this hop instead of hanging the whole pipeline.
    private readonly ProgressDeadline _deadline;
    private WriteBlockHeader? _headerToSend;
    private readonly bool _compress;

    public DownstreamHop(GrpcChannelPool peers, WriteBlockHeader header, CancellationToken cancellationToken)
    {
        var next = header.Downstream[0];
        NodeId = next.NodeId;
        _deadline = new ProgressDeadline(peers.Timeouts.StreamIdle, cancellationToken);
        _call = new DataTransfer.DataTransferClient(peers.For(next.Address)).WriteBlock(cancellationToken: _deadline.Token);
        _compress = peers.Compression.AppliesTo(next.Address);
        // The namenode's token goes on unchanged: each node of the pipeline checks it itself.
        _headerToSend = new WriteBlockHeader { BlockId = header.BlockId, ExpectedLength = header.ExpectedLength, GenerationStamp = header.GenerationStamp, BlockToken = header.BlockToken };
        _headerToSend.Downstream.AddRange(header.Downstream.Skip(1));
    }

    public string NodeId { get; }

    public async Task SendAsync(TransferPiece piece, CancellationToken cancellationToken)
    {
        var packed = piece.Repack(_compress);
        var message = new WriteBlockChunk { Data = packed.Wire, RawLength = packed.RawLength, RawCrc32C = packed.RawCrc32C };
        if (_headerToSend is not null)
        {
            message.Header = _headerToSend;
            _headerToSend = null;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
        try
        {
            await _call.RequestStream.WriteAsync(message, linked.Token).ConfigureAwait(false);
            _deadline.Renew();
        }
        catch (Exception ex) when (_deadline.Expired)
        {
            throw new PipelineFailedException(NodeId, $"no progress for {_deadline.Idle.TotalSeconds:0} s ({ex.GetType().Name})");
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            throw await FailureAsync(ex).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the stream and waits until every node from here on has the block durable.</summary>
    public async Task<IReadOnlyList<string>> FinishAsync()
    {
        try
        {
            if (_headerToSend is not null)
            {
                await SendAsync(TransferPiece.Plain(ReadOnlyMemory<byte>.Empty), CancellationToken.None).ConfigureAwait(false);
            }
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
            _deadline.Renew();
            return (await _call.ResponseAsync.ConfigureAwait(false)).DurableNodeIds;
        }
        catch (Exception ex) when (_deadline.Expired)
        {
            throw new PipelineFailedException(NodeId, $"no progress for {_deadline.Idle.TotalSeconds:0} s ({ex.GetType().Name})");
        }
        catch (RpcException ex)
        {
            throw await FailureAsync(ex).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _call.Dispose();
        _deadline.Dispose();
    }

    // The failed node is the deepest one named in the error's trailers, else this hop itself.
    private async Task<PipelineFailedException> FailureAsync(Exception ex)
    {
        var failedNode = NodeId;
        var reason = ex.Message;
        try
        {
            await _call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException rpc)
        {
            reason = rpc.Status.Detail;
            failedNode = rpc.Trailers.GetValue(TransferHeaders.FailedNodeId) ?? failedNode;
        }
        return new PipelineFailedException(failedNode, reason);
    }
}
