using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using DataLocal.DataNode.Storage;
using DataLocal.DataNode.Transfer;
using DataLocal.Protocol.Transfer;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.Grpc;

/// <summary>The data-transfer RPCs: thin adapters over the receiver and sender, mapping failures to statuses.</summary>
public sealed class DataTransferService(
    BlockReceiver receiver, BlockSender sender, UnverifiedReplicaSender unverified, BlockStore store, BlockTokenVerifier tokens, ILogger<DataTransferService> logger)
    : DataTransfer.DataTransferBase
{
    public override async Task<WriteBlockReply> WriteBlock(IAsyncStreamReader<WriteBlockChunk> requestStream, ServerCallContext context)
    {
        try
        {
            return await receiver.ReceiveAsync(requestStream, CallerIdentity.Of(context), context.CancellationToken).ConfigureAwait(false);
        }
        catch (BlockTokenException ex)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"datanode {store.NodeId}: {ex.Message}"), new Metadata { { TransferHeaders.FailedNodeId, store.NodeId } });
        }
        catch (ReplicaExistsException ex)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"datanode {store.NodeId}: {ex.Message}"), new Metadata { { TransferHeaders.FailedNodeId, store.NodeId } });
        }
        catch (InvalidBlockIdException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"datanode {store.NodeId}: {ex.Message}"), new Metadata { { TransferHeaders.FailedNodeId, store.NodeId } });
        }
        catch (PipelineFailedException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ex.Message), new Metadata { { TransferHeaders.FailedNodeId, ex.FailedNodeId } });
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"datanode {store.NodeId}: {ex.Message}"), new Metadata { { TransferHeaders.FailedNodeId, store.NodeId } });
        }
    }

    public override async Task ReadBlock(ReadBlockRequest request, IServerStreamWriter<ReadBlockChunk> responseStream, ServerCallContext context)
    {
        CheckRead(request, context);
        try
        {
            await sender.SendAsync(request, responseStream, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ReplicaNotFoundException ex)
        {
            throw new RpcException(new Status(StatusCode.NotFound, ex.Message));
        }
        catch (CorruptReplicaException ex)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, ex.Message));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, ex.Message));
        }
    }

    public override async Task ReadUnverifiedReplica(ReadBlockRequest request, IServerStreamWriter<UnverifiedReplicaChunk> responseStream, ServerCallContext context)
    {
        CheckRead(request, context);
        try
        {
            await unverified.SendAsync(request.BlockId, responseStream, context.CancellationToken).ConfigureAwait(false);
        }
        catch (ReplicaNotFoundException ex)
        {
            throw new RpcException(new Status(StatusCode.NotFound, ex.Message));
        }
    }

    // Before the replica is opened: nothing is served, and nothing said about the block, without the namenode's grant.
    private void CheckRead(ReadBlockRequest request, ServerCallContext context)
    {
        try
        {
            tokens.CheckRead(request.BlockToken, request.BlockId, CallerIdentity.Of(context));
        }
        catch (BlockTokenException ex)
        {
            logger.BlockReadRefused(request.BlockId, ex.Message);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"datanode {store.NodeId}: {ex.Message}"));
        }
    }

    public override Task<PingReply> Ping(PingRequest request, ServerCallContext context) =>
        Task.FromResult(new PingReply { NodeId = store.NodeId });
}
