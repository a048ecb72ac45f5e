namespace DataLocal.DataNode.Storage;

/// <summary>A replica on disk whose bytes no longer match their checksums; it must never be served.</summary>
public sealed class CorruptReplicaException(long blockId, string reason)
    : Exception($"replica of block {blockId} is corrupt: {reason}")
{
    public long BlockId { get; } = blockId;
}

/// <summary>A block this node does not hold.</summary>
public sealed class ReplicaNotFoundException(long blockId)
    : Exception($"block {blockId} is not on this datanode")
{
    public long BlockId { get; } = blockId;
}
