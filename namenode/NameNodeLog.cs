using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode;

/// <summary>Every log line the namenode writes, source-generated.</summary>
internal static partial class NameNodeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Datanode {NodeId} at {Address} is dead: no heartbeat for {Seconds} s")]
    public static partial void NodeDead(this ILogger logger, string nodeId, string address, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Datanode {NodeId} registered again while it was being declared dead: its reported replicas are kept")]
    public static partial void NodeBackBeforeForgotten(this ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} copy orders not yet sent: their block was deleted or their source or target died")]
    public static partial void StaleCopyOrdersDropped(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Datanode {NodeId} is unreachable at its advertised address, so no replicas or tasks go to it: {Reason}")]
    public static partial void NodeUnreachable(this ILogger logger, string nodeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Datanode {NodeId} is reachable again at {Address}")]
    public static partial void NodeReachableAgain(this ILogger logger, string nodeId, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Datanode {NodeId} registered from {Address} (rack {Rack})")]
    public static partial void NodeRegistered(this ILogger logger, string nodeId, string address, string rack);

    [LoggerMessage(Level = LogLevel.Information, Message = "Block report from {NodeId}: {Replicas} replicas, {Unknown} unknown to delete")]
    public static partial void BlockReport(this ILogger logger, string nodeId, int replicas, int unknown);

    [LoggerMessage(Level = LogLevel.Information, Message = "Write {WriteId} to {Path} abandoned after {Seconds} s idle; {Blocks} blocks to delete")]
    public static partial void WriteExpired(this ILogger logger, string writeId, string path, double seconds, int blocks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Completed {Path}: {Length} bytes in {Blocks} blocks")]
    public static partial void FileCompleted(this ILogger logger, string path, long length, int blocks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica of block {BlockId} on {NodeId} is corrupt; kept until the block has its full replication of good replicas")]
    public static partial void CorruptReplica(this ILogger logger, long blockId, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "A reader reported the replica of block {BlockId} on {NodeId} corrupt; that node is asked to verify it")]
    public static partial void ReplicaVerificationRequested(this ILogger logger, long blockId, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Datanode {NodeId} reported {Count} replicas whose generation stamp or length is not the namenode's (block {FirstBlockId} first); not counted, and that node is told to delete them")]
    public static partial void ReplicasNotBelieved(this ILogger logger, string nodeId, int count, long firstBlockId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Datanode {NodeId} holds {Count} replicas of blocks this namenode does not know; kept while in safe mode")]
    public static partial void UnknownReplicasKept(this ILogger logger, string nodeId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Safe mode is over: {Count} replicas of unknown blocks kept during it are now deleted")]
    public static partial void UnknownReplicasReleased(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Block {BlockId} has {Good} good replicas again: its {Corrupt} corrupt replicas are deleted")]
    public static partial void CorruptReplicasDropped(this ILogger logger, long blockId, int good, int corrupt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} submitted: {Tasks} tasks, {Skipped} blocks skipped by statistics")]
    public static partial void JobSubmitted(this ILogger logger, string jobId, int tasks, int skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} {State} {Error}")]
    public static partial void JobFinished(this ILogger logger, string jobId, string state, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: task {TaskIndex} is a straggler (running {RunningMs} ms, over {ThresholdMs} ms); a free slot on another node may run a copy")]
    public static partial void TaskSpeculatable(this ILogger logger, string jobId, int taskIndex, long runningMs, long thresholdMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: speculative attempt {Attempt} of task {TaskIndex} started on {NodeId} ({Locality})")]
    public static partial void SpeculativeAttemptLaunched(this ILogger logger, string jobId, int taskIndex, int attempt, string nodeId, string locality);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: merging or committing its results failed")]
    public static partial void JobFinishFailed(this ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replication: {UnderReplicated} blocks under-replicated, {Copies} copies ordered, {Deletions} extra replicas to delete")]
    public static partial void ReplicationScan(this ILogger logger, int underReplicated, int copies, int deletions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Datanode {NodeId} is decommissioned: every block it held is replicated elsewhere")]
    public static partial void NodeDecommissioned(this ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Namenode listening on {Bound}: rpc {RpcAddress}, http {HttpAddress}")]
    public static partial void Listening(this ILogger logger, string bound, string rpcAddress, string httpAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "No users yet: created admin user \"admin\" with the token in {TokenFile}")]
    public static partial void FirstAdminCreated(this ILogger logger, string tokenFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "allowed={Allowed} ugi={User} ip={Peer} cmd={Command} src={Source} dst={Destination}")]
    public static partial void Audit(this ILogger logger, string allowed, string user, string peer, string command, string source, string destination);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a report of attempt {Attempt} of task {TaskIndex} of {JobId} claimed by datanode {ClaimedNode}: {Reason}")]
    public static partial void TaskReportRefused(this ILogger logger, string jobId, int taskIndex, int attempt, string claimedNode, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a call to {What} claimed as datanode {ClaimedNode}, from {Caller}")]
    public static partial void ExecutorCallRefused(this ILogger logger, string claimedNode, string caller, string what);
}
