using DataLocal.DataNode.Storage;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Keeps the namenode's view of this node's replicas current: reports each change as it happens
/// and carries out the deletions the namenode asks for in return.
/// </summary>
public sealed class ReplicaReporter(NameNodeConnection connection, BlockStore store, ILogger<ReplicaReporter> logger)
{
    /// <summary>Reports a new replica. Awaited before a write is acknowledged, so a completed write is already located.</summary>
    public async Task ReportReceivedAsync(long blockId, long length, long generationStamp, CancellationToken cancellationToken)
    {
        try
        {
            DeleteReplicas(await connection.SendIncrementalReportAsync([(blockId, length, generationStamp)], [], [], cancellationToken).ConfigureAwait(false));
        }
        catch (RpcException ex)
        {
            // The next full block report will tell the namenode; the write itself succeeded.
            logger.NameNodeUnreachable(connection.Address, ex.Status.Detail);
        }
    }

    /// <summary>
    /// Tells the namenode a replica failed its checksum. The replica is kept: reads verify every
    /// chunk, so it is never served, and if every replica of the block is corrupt their good chunks
    /// are what a rebuild needs. The namenode orders it deleted once the block is healthy elsewhere.
    /// </summary>
    public async Task ReportCorruptAsync(long blockId, CancellationToken cancellationToken)
    {
        store.MarkCorrupt(blockId);
        try
        {
            await connection.SendIncrementalReportAsync([], [], [blockId], cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            logger.NameNodeUnreachable(connection.Address, ex.Status.Detail);
        }
    }

    /// <summary>Deletes replicas on the namenode's command.</summary>
    public void DeleteReplicas(IReadOnlyCollection<long> blockIds)
    {
        var deleted = blockIds.Count(store.Delete);
        if (deleted > 0)
        {
            logger.ReplicasDeleted(deleted);
        }
    }
}
