using System.Net;
using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using DataLocal.DataNode.NameNodeLink;
using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Datanode;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// Gets a task's block: straight from this node's disk when it holds a replica (checksums verified,
/// no network hop), else streamed from the nearest live replica over gRPC, trying the next on failure;
/// for a file on an object store, the byte range over HTTP.
/// </summary>
public sealed class BlockSourceReader(
    BlockStore store, BlockDownloader downloader, ReplicaReporter reporter, ExternalRangeReader external, BlockTokenVerifier tokens, Transfer.TransferCounter transfers)
{
    private const int PieceSize = 1024 * 1024;

    public async Task<BlockBytes> ReadAsync(TaskAssignment task, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(task.Url))
        {
            // An object-store file has no replicas anywhere: every byte crosses the network.
            return new BlockBytes(await external.ReadAsync(task.Url, [.. task.UrlAddresses.Select(IPAddress.Parse)], task.BlockOffset, task.BlockLength, cancellationToken).ConfigureAwait(false), 0, task.BlockLength);
        }
        // A task runs on a stored block only with the namenode's grant for it, local replica or not.
        tokens.CheckRead(task.BlockToken, task.BlockId, caller: null);
        if (store.Contains(task.BlockId))
        {
            try
            {
                var data = await store.OpenReplica(task.BlockId).ReadAllAsync(PieceSize, cancellationToken).ConfigureAwait(false);
                // This node served its own task: a local reader, as the datanodes page counts them.
                transfers.ServedLocally(data.LongLength);
                return new BlockBytes(data, task.BlockLength, 0);
            }
            catch (CorruptReplicaException)
            {
                // Never compute on corrupt bytes: tell the namenode, read a good replica remotely.
                await reporter.ReportCorruptAsync(task.BlockId, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return new BlockBytes(await ReadRemoteAsync(task, cancellationToken).ConfigureAwait(false), 0, task.BlockLength);
    }

    private async Task<byte[]> ReadRemoteAsync(TaskAssignment task, CancellationToken cancellationToken)
    {
        var replicas = task.Replicas.Where(r => r.NodeId != store.NodeId).Select(r => new BlockTarget(r.NodeId, r.Address)).ToList();
        using var data = new MemoryStream(checked((int)task.BlockLength));
        try
        {
            await downloader.CopyToAsync(task.BlockId, task.BlockToken, task.BlockLength, replicas, data, onCorrupt: null, cancellationToken).ConfigureAwait(false);
        }
        catch (BlockUnreadableException ex)
        {
            throw new IOException($"{task.File}: {ex.Message}", ex);
        }
        // The stream was sized to the block, so its buffer is exactly the block: no copy.
        return data.GetBuffer().Length == task.BlockLength ? data.GetBuffer() : data.ToArray();
    }
}
