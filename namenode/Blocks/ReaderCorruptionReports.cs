using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Handles a reader's word that some node's replica is corrupt (the client protocol's
/// ReportBadReplica). Anyone can send one, so it is only a reason to check: the holder is asked, on
/// its next heartbeat, to read the replica through its checksums and report it corrupt itself if it
/// is (see <see cref="PendingVerifications"/>). Until then the replica stays good and counted, so a
/// forged report can take nothing out of service, let alone get a last good copy deleted.
/// </summary>
public sealed class ReaderCorruptionReports(BlockMap blockMap, PendingVerifications verifications, ILogger<ReaderCorruptionReports> logger)
{
    public void Report(long blockId, string nodeId)
    {
        // A replica the namenode does not count as good needs no check: it is not served anyway.
        if (!blockMap.ReplicasOf(blockId).Contains(nodeId, StringComparer.Ordinal))
        {
            return;
        }
        verifications.Add(nodeId, blockId);
        logger.ReplicaVerificationRequested(blockId, nodeId);
    }
}
