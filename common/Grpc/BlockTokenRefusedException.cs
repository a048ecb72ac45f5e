namespace DataLocal.Common.Grpc;

/// <summary>A datanode refused a read's block token (PermissionDenied): expired, rolled out, or not for this block.</summary>
public sealed class BlockTokenRefusedException(long blockId, string nodeId, string reason, Exception inner)
    : IOException($"block {blockId}: datanode {nodeId} refused the read: {reason}", inner)
{
    public long BlockId { get; } = blockId;
}
