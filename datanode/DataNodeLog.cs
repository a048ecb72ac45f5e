using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode;

/// <summary>Every log line the datanode writes, source-generated.</summary>
internal static partial class DataNodeLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Datanode {NodeId} listening on {Bound}, advertised as {Address}, {Replicas} replicas on disk")]
    public static partial void Started(this ILogger logger, string nodeId, string bound, string address, int replicas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with namenode {NameNode}")]
    public static partial void Registered(this ILogger logger, string nameNode);

    [LoggerMessage(Level = LogLevel.Error, Message = "The namenode cannot reach this datanode at its advertised address {Address}, so it gets no replicas or tasks: {Reason}; fix --advertise or open the port to the other hosts")]
    public static partial void AdvertisedAddressUnreachable(this ILogger logger, string address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Namenode {NameNode} unreachable: {Reason}")]
    public static partial void NameNodeUnreachable(this ILogger logger, string nameNode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Received block {BlockId} ({Length} bytes), {Downstream} nodes downstream")]
    public static partial void BlockReceived(this ILogger logger, long blockId, long length, int downstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write of block {BlockId} failed: {Reason}")]
    public static partial void BlockWriteFailed(this ILogger logger, long blockId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write of block {BlockId} refused: {Reason}")]
    public static partial void BlockWriteRefused(this ILogger logger, long blockId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read of block {BlockId} refused: {Reason}")]
    public static partial void BlockReadRefused(this ILogger logger, long blockId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica of block {BlockId} failed its checksum: {Reason}")]
    public static partial void CorruptReplica(this ILogger logger, long blockId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} replicas on the namenode's command")]
    public static partial void ReplicasDeleted(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskIndex} attempt {Attempt} of {JobId} starting ({Locality})")]
    public static partial void TaskStarted(this ILogger logger, string jobId, int taskIndex, int attempt, string locality);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped task {TaskIndex} attempt {Attempt} of {JobId} at the namenode's request")]
    public static partial void TaskCancelled(this ILogger logger, string jobId, int taskIndex, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The namenode refused the report of task {TaskIndex} attempt {Attempt} of {JobId}: {Reason}")]
    public static partial void TaskReportRefused(this ILogger logger, string jobId, int taskIndex, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A task slot failed; it goes on after a pause")]
    public static partial void TaskSlotFailed(this ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied block {BlockId} to {Targets} nodes on the namenode's order")]
    public static partial void ReplicaCopied(this ILogger logger, long blockId, int targets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy order for block {BlockId} dropped: {Capacity} copies are already waiting; the namenode orders it again later")]
    public static partial void ReplicaCopyDropped(this ILogger logger, long blockId, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy of block {BlockId} failed: {Reason}")]
    public static partial void ReplicaCopyFailed(this ILogger logger, long blockId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica of block {BlockId} was reported corrupt by a reader but verifies against its checksums; kept in service")]
    public static partial void ReplicaVerified(this ILogger logger, long blockId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not verify the replica of block {BlockId}: {Reason}")]
    public static partial void ReplicaVerificationFailed(this ILogger logger, long blockId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discarded {Count} unfinished writes from the last run")]
    public static partial void TempDiscarded(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Path}: a symbolic link in the block directory, never followed (its target is untouched)")]
    public static partial void SymbolicLinkRemoved(this ILogger logger, string path);
}
