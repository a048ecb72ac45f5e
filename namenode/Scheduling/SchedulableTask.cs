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

    /// <summary>Why a task's block has no live good replica, so a job fails with the true reason.</summary>
    ReplicaShortage WhyNoReplica(ISchedulableTask task);

    /// <summary>The rack of a live node, or null when racks are not configured (everything in the default rack).</summary>
    string? RackOf(string nodeId);

    /// <summary>
    /// Changes whenever a node may have become a live replica holder of some block, or changed rack
    /// (a replica added, a node registered). Replicas that go away need no change: a scheduler checks
    /// the replicas of a task it picks, and indexes only where replicas may newly be.
    /// </summary>
    long PlacementGeneration { get; }
}

/// <summary>Why a block cannot be read: the answer decides what a job's error tells the user to do.</summary>
/// <param name="InputDeleted">The block belongs to no file any more: its file was deleted or replaced.</param>
/// <param name="CorruptReplicas">Replicas that failed their checksums; when some exist and no good one does, the block is corrupt.</param>
/// <param name="ReportsPending">
/// A live node has registered lately and not yet sent its block report: it may hold a replica (a
/// holder that restarted), so a task waits for the report instead of failing at once.
/// </param>
public readonly record struct ReplicaShortage(bool InputDeleted, int CorruptReplicas, bool ReportsPending = false);
