namespace DataLocal.NameNode.Scheduling;

/// <summary>What the scheduler needs to know of a task: where its block's live replicas are.</summary>
public interface ISchedulableTask
{
    int Index { get; }

    /// <summary>Node ids to avoid: the task already failed there.</summary>
    IReadOnlySet<string> ExcludedNodes { get; }

    /// <summary>False for external URLs: such a task has no locality and is always ANY.</summary>
    bool HasReplicas { get; }
}

/// <summary>Answers where a task's replicas live right now (replicas come and go with nodes).</summary>
public interface IReplicaOracle
{
    IReadOnlyList<string> LiveReplicaNodes(ISchedulableTask task);

    /// <summary>The rack of a live node, or null when racks are not configured (everything in the default rack).</summary>
    string? RackOf(string nodeId);
}
