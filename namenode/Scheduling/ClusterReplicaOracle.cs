using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>Live replica locations and racks, read from the block map and the datanode registry.</summary>
public sealed class ClusterReplicaOracle(BlockMap blockMap, DatanodeRegistry registry, IOptions<NameNodeOptions> options) : IReplicaOracle
{
    /// <summary>The rack datanodes get when none is configured; it carries no locality information.</summary>
    public const string DefaultRack = "/default-rack";

    public IReadOnlyList<string> LiveReplicaNodes(ISchedulableTask task) =>
        task is JobTask { Input.BlockId: var blockId } && blockId != 0
            ? [.. blockMap.ReplicasOf(blockId).Where(registry.IsLive)]
            : [];

    public ReplicaShortage WhyNoReplica(ISchedulableTask task) =>
        task is JobTask { Input.BlockId: var blockId } && blockId != 0
            // A node's block report follows its registration at once; one still missing after the
            // dead-node window is not coming, so nothing waits on it longer than that.
            ? new ReplicaShortage(!blockMap.IsKnown(blockId), blockMap.CorruptReplicasOf(blockId).Count,
                registry.AwaitsBlockReport(options.Value.DeadNodeTimeout))
            : default;

    public long PlacementGeneration => blockMap.GoodReplicasAdded + registry.Registrations;

    public string? RackOf(string nodeId) =>
        registry.Find(nodeId)?.Rack is { } rack && rack != DefaultRack ? rack : null;
}
