namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Picks the task a node should run next from one job's pending tasks: the most local one, but a
/// less local one only once the job's locality wait allows that level (delay scheduling, Zaharia et
/// al.). Pure: state lives in <see cref="DelaySchedulingState"/>, time comes in as an argument.
/// </summary>
public static class DelayScheduler
{
    /// <summary>Returns the task to launch on <paramref name="nodeId"/> and its level, or null to decline.</summary>
    public static (ISchedulableTask Task, LocalityLevel Level)? Offer(
        IReadOnlyList<ISchedulableTask> pending,
        string nodeId,
        DelaySchedulingState state,
        IReplicaOracle replicas,
        bool localityOff,
        DateTimeOffset now)
    {
        var eligible = pending.Where(t => !t.ExcludedNodes.Contains(nodeId)).ToList();
        if (eligible.Count == 0)
        {
            return null;
        }
        if (localityOff)
        {
            // First come, first served: the level is recorded as it turns out, never waited for.
            var first = eligible[0];
            return (first, LevelFor(first, nodeId, replicas));
        }

        var best = eligible.Select(t => (Task: t, Level: LevelFor(t, nodeId, replicas))).MinBy(c => c.Level);
        var allowed = state.AllowedLevel(now, level => pending.Any(t => CanRunAt(t, level, replicas)));
        if (best.Level > allowed)
        {
            state.OnDeclined(now);
            return null;
        }
        state.OnLaunched(best.Level, now);
        return best;
    }

    /// <summary>
    /// The same choice as <see cref="Offer(IReadOnlyList{ISchedulableTask}, string, DelaySchedulingState, IReplicaOracle, bool, DateTimeOffset)"/>
    /// over a job's <see cref="PendingTaskIndex"/>: the node's own list first, then its rack's, then
    /// the first task it may run at all, so a pull costs about the tasks local to the node rather
    /// than every pending task of the job.
    /// </summary>
    public static (ISchedulableTask Task, LocalityLevel Level)? Offer(
        PendingTaskIndex pending,
        string nodeId,
        DelaySchedulingState state,
        IReplicaOracle replicas,
        bool localityOff,
        DateTimeOffset now)
    {
        var first = pending.InOrder.FirstOrDefault(t => !t.ExcludedNodes.Contains(nodeId));
        if (first is null)
        {
            return null;
        }
        if (localityOff)
        {
            return (first, LevelFor(first, nodeId, replicas));
        }
        pending.Refresh(replicas);
        var best = MostLocal(pending, nodeId, replicas) ?? (first, LevelFor(first, nodeId, replicas));
        var allowed = state.AllowedLevel(now, level => pending.InOrder.Any(t => CanRunAt(t, level, replicas)));
        if (best.Level > allowed)
        {
            state.OnDeclined(now);
            return null;
        }
        state.OnLaunched(best.Level, now);
        return best;
    }

    // The first eligible task local to the node, else to its rack, from the index's lists (checked: they may be stale).
    private static (ISchedulableTask Task, LocalityLevel Level)? MostLocal(PendingTaskIndex pending, string nodeId, IReplicaOracle replicas)
    {
        var local = pending.OnNode(nodeId).FirstOrDefault(t => !t.ExcludedNodes.Contains(nodeId) && LevelFor(t, nodeId, replicas) == LocalityLevel.NodeLocal);
        if (local is not null)
        {
            return (local, LocalityLevel.NodeLocal);
        }
        var rackLocal = replicas.RackOf(nodeId) is { } rack
            ? pending.InRack(rack).FirstOrDefault(t => !t.ExcludedNodes.Contains(nodeId) && LevelFor(t, nodeId, replicas) == LocalityLevel.RackLocal)
            : null;
        return rackLocal is null ? null : (rackLocal, LocalityLevel.RackLocal);
    }

    /// <summary>The best level <paramref name="task"/> can have on <paramref name="nodeId"/>.</summary>
    public static LocalityLevel LevelFor(ISchedulableTask task, string nodeId, IReplicaOracle replicas)
    {
        if (!task.HasReplicas)
        {
            return LocalityLevel.Any;
        }
        var holders = replicas.LiveReplicaNodes(task);
        if (holders.Contains(nodeId))
        {
            return LocalityLevel.NodeLocal;
        }
        var rack = replicas.RackOf(nodeId);
        return rack is not null && holders.Any(h => replicas.RackOf(h) == rack) ? LocalityLevel.RackLocal : LocalityLevel.Any;
    }

    // Whether some live node could run the task at this level: a level no task can use is skipped at once.
    private static bool CanRunAt(ISchedulableTask task, LocalityLevel level, IReplicaOracle replicas) => level switch
    {
        LocalityLevel.NodeLocal => task.HasReplicas && replicas.LiveReplicaNodes(task).Any(n => !task.ExcludedNodes.Contains(n)),
        LocalityLevel.RackLocal => task.HasReplicas && replicas.LiveReplicaNodes(task).Any(n => replicas.RackOf(n) is not null),
        _ => true,
    };
}
