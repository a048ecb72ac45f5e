using DataLocal.Common.Grpc;
using DataLocal.DataNode.NameNodeLink;
using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Transfer;
using Grpc.Core;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// Gets a task's block: straight from this node's disk when it holds a replica (checksums verified,
/// no network hop), else streamed from the nearest live replica over gRPC, trying the next on failure;
/// for a file on an object store, the byte range over HTTP.
/// </summary>
public sealed class BlockSourceReader(BlockStore store, GrpcChannelPool channels, ReplicaReporter reporter, ExternalRangeReader external)
{
    private const int PieceSize = 1024 * 1024;

    public async Task<BlockBytes> ReadAsync(TaskAssignment task, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(task.Url))
        {
            // An object-store file has no replicas anywhere: every byte crosses the network.
            return new BlockBytes(await external.ReadAsync(task.Url, task.BlockOffset, task.BlockLength, cancellationToken).ConfigureAwait(false), 0, task.BlockLength);
        }
        if (store.Contains(task.BlockId))
        {
            try
            {
                return new BlockBytes(await ReadLocalAsync(task.BlockId, cancellationToken).ConfigureAwait(false), task.BlockLength, 0);
            }
            catch (CorruptReplicaException)
            {
                // Never compute on corrupt bytes: drop the replica, tell the namenode, read a good one remotely.
                await reporter.ReportCorruptAsync(task.BlockId, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return new BlockBytes(await ReadRemoteAsync(task, cancellationToken).ConfigureAwait(false), 0, task.BlockLength);
    }

    private async Task<byte[]> ReadLocalAsync(long blockId, CancellationToken cancellationToken)
    {
        var replica = store.OpenReplica(blockId);
        var data = new byte[replica.Length];
        var position = 0;
        await foreach (var piece in replica.ReadAsync(0, replica.Length, PieceSize, cancellationToken).ConfigureAwait(false))
        {
            piece.Span.CopyTo(data.AsSpan(position));
            position += piece.Length;
        }
        return data;
    }

    private async Task<byte[]> ReadRemoteAsync(TaskAssignment task, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var replica in task.Replicas.Where(r => r.NodeId != store.NodeId))
        {
            try
            {
                var client = new DataTransfer.DataTransferClient(channels.For(replica.Address));
                using var call = client.ReadBlock(new ReadBlockRequest { BlockId = task.BlockId }, cancellationToken: cancellationToken);
                var data = new byte[task.BlockLength];
                var position = 0;
                await foreach (var piece in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (position + piece.Data.Length > data.Length)
                    {
                        throw new InvalidDataException($"replica on {replica.NodeId} is longer than the block's {data.Length} bytes");
                    }
                    piece.Data.Span.CopyTo(data.AsSpan(position));
                    position += piece.Data.Length;
                }
                if (position != data.Length)
                {
                    throw new InvalidDataException($"replica on {replica.NodeId} has {position} bytes, expected {data.Length}");
                }
                return data;
            }
            catch (Exception ex) when (ex is RpcException or InvalidDataException && !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{replica.NodeId}: {(ex is RpcException rpc ? rpc.Status.Detail : ex.Message)}");
            }
        }
        throw new IOException($"could not read block {task.BlockId} of {task.File} from any replica ({string.Join("; ", errors)})");
    }
}
