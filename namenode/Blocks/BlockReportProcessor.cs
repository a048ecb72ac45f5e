using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Turns datanode block reports into replica locations, and tells nodes which replicas to drop —
/// except in safe mode, when nothing is deleted: replicas of unknown blocks are kept and counted.
/// </summary>
public sealed class BlockReportProcessor(
    BlockMap blockMap, PendingDeletions pendingDeletions, UnknownReplicas unknownReplicas, SafeMode safeMode, ILogger<BlockReportProcessor> logger)
{
    /// <summary>Applies a full report; returns the replicas the node must delete (blocks of no file, and deletions pending for it).</summary>
    public IReadOnlyList<long> ApplyFullReport(string nodeId, IReadOnlyCollection<long> blockIds, IReadOnlySet<long> corruptBlockIds)
    {
        // Decided before the report is applied: this report may be the one that ends safe mode, and
        // the blocks it calls unknown were judged by a block map that was still filling.
        var inSafeMode = safeMode.IsOn;
        var unknown = blockMap.ApplyFullReport(nodeId, blockIds, corruptBlockIds);
        logger.BlockReport(nodeId, blockIds.Count, unknown.Count);
        if (inSafeMode)
        {
            unknownReplicas.Replace(nodeId, unknown);
            if (unknown.Count > 0)
            {
                logger.UnknownReplicasKept(nodeId, unknown.Count);
            }
            return [];
        }
        return [.. unknown.Concat(pendingDeletions.Take(nodeId)).Distinct()];
    }

    /// <summary>Applies an incremental report; returns the received replicas the node must delete (blocks of no file).</summary>
    public IReadOnlyList<long> ApplyIncrementalReport(string nodeId, IEnumerable<long> received, IEnumerable<long> deleted, IEnumerable<long> corrupt)
    {
        var unknown = received.Where(blockId => !blockMap.AddReplica(blockId, nodeId)).ToList();
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
        return unknown;
    }

    /// <summary>
    /// A replica failed its checksum: it is never served or copied from again, but it is kept until
    /// the block has its full count of good replicas elsewhere (the replication monitor deletes it then).
    /// </summary>
    public void MarkCorrupt(long blockId, string nodeId)
    {
        if (blockMap.MarkCorrupt(blockId, nodeId))
        {
            logger.CorruptReplica(blockId, nodeId);
        }
    }
}
