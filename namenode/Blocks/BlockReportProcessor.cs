using DataLocal.NameNode.Datanodes;
using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Blocks;

/// <summary>Turns datanode block reports into replica locations, and tells nodes which replicas to drop.</summary>
public sealed class BlockReportProcessor(BlockMap blockMap, PendingDeletions pendingDeletions, ILogger<BlockReportProcessor> logger)
{
    /// <summary>Applies a full report; returns the replicas the node must delete (blocks of no file).</summary>
    public IReadOnlyList<long> ApplyFullReport(string nodeId, IReadOnlyCollection<long> blockIds)
    {
        var unknown = blockMap.ApplyFullReport(nodeId, blockIds);
        logger.BlockReport(nodeId, blockIds.Count, unknown.Count);
        return [.. unknown.Concat(pendingDeletions.Take(nodeId)).Distinct()];
    }

    /// <summary>Applies an incremental report; returns the received replicas the node must delete.</summary>
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
            unknown.Add(blockId);
        }
        return unknown;
    }

    /// <summary>A replica failed its checksum: it must never be served again, and the node should drop it.</summary>
    public void MarkCorrupt(long blockId, string nodeId)
    {
        logger.CorruptReplica(blockId, nodeId);
        blockMap.RemoveReplica(blockId, nodeId);
        pendingDeletions.Add(nodeId, blockId);
    }
}
