using DataLocal.Common.Grpc;
using DataLocal.Protocol.Transfer;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.DataNode.Transfer;

/// <summary>
/// The call to the next node of a write pipeline. The first piece sent carries the header that
/// tells that node which nodes follow it.
/// </summary>
public sealed class DownstreamHop : IDisposable
{
    private readonly AsyncClientStreamingCall<WriteBlockChunk, WriteBlockReply> _call;
    private WriteBlockHeader? _headerToSend;

    public DownstreamHop(GrpcChannelPool peers, WriteBlockHeader header, CancellationToken cancellationToken)
    {
        var next = header.Downstream[0];
        NodeId = next.NodeId;
        _call = new DataTransfer.DataTransferClient(peers.For(next.Address)).WriteBlock(cancellationToken: cancellationToken);
        _headerToSend = new WriteBlockHeader { BlockId = header.BlockId, ExpectedLength = header.ExpectedLength };
        _headerToSend.Downstream.AddRange(header.Downstream.Skip(1));
    }

    public string NodeId { get; }

    public async Task SendAsync(ByteString data, CancellationToken cancellationToken)
    {
        var message = new WriteBlockChunk { Data = data };
        if (_headerToSend is not null)
        {
            message.Header = _headerToSend;
            _headerToSend = null;
        }
        try
        {
            await _call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
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
                await SendAsync(ByteString.Empty, CancellationToken.None).ConfigureAwait(false);
            }
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
            return (await _call.ResponseAsync.ConfigureAwait(false)).DurableNodeIds;
        }
        catch (RpcException ex)
        {
            throw await FailureAsync(ex).ConfigureAwait(false);
        }
    }

    public void Dispose() => _call.Dispose();

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
