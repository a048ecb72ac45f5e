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

/// <summary>A write of a block this node already holds finalized, or is already receiving: a finalized replica is never replaced.</summary>
public sealed class ReplicaExistsException(long blockId, string reason)
    : Exception($"block {blockId} already exists: {reason}")
{
    public long BlockId { get; } = blockId;
}

/// <summary>A block id the namenode never allocates (ids start far above zero).</summary>
public sealed class InvalidBlockIdException(long blockId)
    : Exception($"block id {blockId} is invalid: block ids are positive")
{
    public long BlockId { get; } = blockId;
}
