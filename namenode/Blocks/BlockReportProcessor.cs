using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Turns datanode block reports into replica locations, and tells nodes which replicas to drop —
/// except in safe mode, when nothing is deleted: replicas of unknown blocks are kept and counted.
/// <para>
/// A reported replica counts only when <see cref="BlockMap.Check"/> says it matches what the
/// namenode allocated (generation stamp) and committed (length). One that does not — a forged
/// claim, a stale leftover — is not recorded at all, and only the node that reported it is told to
/// delete it, so a claim can never make another node's replica look surplus.
/// </para>
/// </summary>
public sealed class BlockReportProcessor(
    BlockMap blockMap, PendingDeletions pendingDeletions, UnknownReplicas unknownReplicas, SafeMode safeMode, ILogger<BlockReportProcessor> logger)
{
    /// <summary>Applies a full report; returns the replicas the node must delete (blocks of no file, replicas not believed, and deletions pending for it).</summary>
    public IReadOnlyList<long> ApplyFullReport(string nodeId, IReadOnlyCollection<ReportedReplica> replicas, IReadOnlySet<long> corruptBlockIds)
    {
        // Decided before the report is applied: this report may be the one that ends safe mode, and
        // the blocks it calls unknown were judged by a block map that was still filling.
        var inSafeMode = safeMode.IsOn;
        var (believable, rejected) = Sort(nodeId, replicas);
        var unknownIds = blockMap.ApplyFullReport(nodeId, believable.Select(r => r.BlockId), corruptBlockIds).ToHashSet();
        var unknown = believable.Where(r => unknownIds.Contains(r.BlockId)).Concat(rejected).ToList();
        logger.BlockReport(nodeId, replicas.Count, unknown.Count);
        if (inSafeMode)
        {
            unknownReplicas.Replace(nodeId, unknown);
            if (unknown.Count > 0)
            {
                logger.UnknownReplicasKept(nodeId, unknown.Count);
            }
            return [];
        }
        return [.. unknown.Select(r => r.BlockId).Concat(pendingDeletions.Take(nodeId)).Distinct()];
    }

    /// <summary>Applies an incremental report; returns the received replicas the node must delete (blocks of no file, replicas not believed).</summary>
    public IReadOnlyList<long> ApplyIncrementalReport(string nodeId, IEnumerable<ReportedReplica> received, IEnumerable<long> deleted, IEnumerable<long> corrupt)
    {
        var (believable, rejected) = Sort(nodeId, [.. received]);
        var unknown = believable.Where(r => !blockMap.AddReplica(r.BlockId, nodeId)).Concat(rejected).ToList();
        foreach (var blockId in deleted)
        {
            blockMap.RemoveReplica(blockId, nodeId);
        }
        foreach (var blockId in corrupt)
        {
            MarkCorrupt(blockId, nodeId);
        }
        if (safeMode.IsOn)
        {
            unknownReplicas.Add(nodeId, unknown);
            return [];
        }
        return [.. unknown.Select(r => r.BlockId)];
    }

    /// <summary>
    /// A replica failed its checksum: it is never served or copied from again, but it is kept until
    /// the block has its full count of good replicas elsewhere (the replication monitor deletes it then).
    /// A report about a replica the node is not known to hold changes nothing.
    /// </summary>
    public void MarkCorrupt(long blockId, string nodeId)
    {
        if (blockMap.MarkCorrupt(blockId, nodeId))
        {
            logger.CorruptReplica(blockId, nodeId);
        }
    }

    // Replicas of known blocks that contradict the namenode's record are set apart; the rest (matching,
    // or of blocks unknown here) go on to the block map, which sorts out the unknown ones.
    private (List<ReportedReplica> Believable, List<ReportedReplica> Rejected) Sort(string nodeId, IReadOnlyCollection<ReportedReplica> replicas)
    {
        var believable = new List<ReportedReplica>();
        var rejected = new List<ReportedReplica>();
        foreach (var replica in replicas)
        {
            (blockMap.Check(replica) == ReplicaCheck.Mismatch ? rejected : believable).Add(replica);
        }
        if (rejected.Count > 0)
        {
            logger.ReplicasNotBelieved(nodeId, rejected.Count, rejected[0].BlockId);
        }
        return (believable, rejected);
    }
}
