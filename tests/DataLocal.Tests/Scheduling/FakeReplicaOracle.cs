using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Scheduling;

/// <summary>Replica locations and racks set by the test.</summary>
public sealed class FakeReplicaOracle : IReplicaOracle
{
    public Dictionary<int, List<string>> Replicas { get; } = [];

    public Dictionary<string, string> Racks { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Dead { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> LiveReplicaNodes(ISchedulableTask task) =>
        Replicas.TryGetValue(task.Index, out var nodes) ? [.. nodes.Where(n => !Dead.Contains(n))] : [];

    public ReplicaShortage WhyNoReplica(ISchedulableTask task) => default;

    public string? RackOf(string nodeId) => Racks.GetValueOrDefault(nodeId);

    /// <summary>A test that adds replicas or racks to tasks already indexed bumps this, as the block map and registry do.</summary>
    public long PlacementGeneration { get; set; }
}

/// <summary>A task that only has an index and a set of nodes to avoid.</summary>
public sealed class FakeTask(int index, bool hasReplicas = true) : ISchedulableTask
{
    public int Index { get; } = index;

    public HashSet<string> Excluded { get; } = new(StringComparer.Ordinal);

    public IReadOnlySet<string> ExcludedNodes => Excluded;

    public bool HasReplicas { get; } = hasReplicas;
}
