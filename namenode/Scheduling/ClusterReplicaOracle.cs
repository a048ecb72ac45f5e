using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;

namespace DataLocal.NameNode.Scheduling;

/// <summary>Live replica locations and racks, read from the block map and the datanode registry.</summary>
public sealed class ClusterReplicaOracle(BlockMap blockMap, DatanodeRegistry registry) : IReplicaOracle
{
    /// <summary>The rack datanodes get when none is configured; it carries no locality information.</summary>
    public const string DefaultRack = "/default-rack";

    public IReadOnlyList<string> LiveReplicaNodes(ISchedulableTask task) =>
        task is JobTask { Input.BlockId: var blockId } && blockId != 0
            ? [.. blockMap.ReplicasOf(blockId).Where(registry.IsLive)]
            : [];

    public ReplicaShortage WhyNoReplica(ISchedulableTask task) =>
        task is JobTask { Input.BlockId: var blockId } && blockId != 0
            ? new ReplicaShortage(!blockMap.IsKnown(blockId), blockMap.CorruptReplicasOf(blockId).Count)
            : default;

    public long PlacementGeneration => blockMap.GoodReplicasAdded + registry.Registrations;

    public string? RackOf(string nodeId) =>
        registry.Find(nodeId)?.Rack is { } rack && rack != DefaultRack ? rack : null;
}
