namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// A job's pending tasks, in task order, also listed per node and per rack holding a live replica
/// of their block, as Spark's TaskSetManager keeps its pending tasks per executor, host and rack:
/// a free slot looks at the tasks local to it first instead of at every pending task of the job.
/// The lists may hold more than is true now (a replica gone, a node dead), so whoever reads them
/// checks a task's real level; they never hold less: when a replica may have appeared or a node
/// changed rack (<see cref="IReplicaOracle.PlacementGeneration"/> moved), the lists are rebuilt.
/// </summary>
public sealed class PendingTaskIndex
{
    private readonly IReadOnlyList<ISchedulableTask> _tasks;
    private readonly SortedSet<int> _pending = [];
    private readonly SortedSet<int> _withExclusions = [];
    private readonly Dictionary<string, SortedSet<int>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<int>> _byRack = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<SortedSet<int>>> _listedIn = [];
    private long? _generation;

    /// <param name="tasks">Every task of the job, task i at index i; none pending until <see cref="Add"/>ed.</param>
    public PendingTaskIndex(IReadOnlyList<ISchedulableTask> tasks) => _tasks = tasks;

    public int Count => _pending.Count;

    /// <summary>The pending tasks in task order.</summary>
    public IEnumerable<ISchedulableTask> InOrder => _pending.Select(i => _tasks[i]);

    /// <summary>The pending tasks with nodes to avoid (they failed there), a copy in task order.</summary>
    public IReadOnlyList<ISchedulableTask> WithExclusions => [.. _withExclusions.Select(i => _tasks[i])];

    /// <summary>Pending tasks that had a live replica on the node when listed, in task order.</summary>
    public IEnumerable<ISchedulableTask> OnNode(string nodeId) => Listed(_byNode, nodeId);

    /// <summary>Pending tasks that had a live replica in the rack when listed, in task order.</summary>
    public IEnumerable<ISchedulableTask> InRack(string rack) => Listed(_byRack, rack);

    /// <summary>A task became pending (submitted or requeued): listed where its live replicas are now.</summary>
    public void Add(ISchedulableTask task, IReplicaOracle replicas)
    {
        if (!_pending.Add(task.Index))
        {
            return;
        }
        ExclusionsChanged(task);
        Place(task, replicas);
    }

    /// <summary>A task left the pending state (launched).</summary>
    public void Remove(ISchedulableTask task)
    {
        if (!_pending.Remove(task.Index))
        {
            return;
        }
        _withExclusions.Remove(task.Index);
        Unplace(task.Index);
    }

    /// <summary>A pending task's excluded nodes changed.</summary>
    public void ExclusionsChanged(ISchedulableTask task)
    {
        if (_pending.Contains(task.Index) && task.ExcludedNodes.Count > 0)
        {
            _withExclusions.Add(task.Index);
        }
        else
        {
            _withExclusions.Remove(task.Index);
        }
    }

    /// <summary>Rebuilds the per-node and per-rack lists if a replica may have appeared or a node changed rack since they were built.</summary>
    public void Refresh(IReplicaOracle replicas)
    {
        // Read before placing: a change during the rebuild makes the next call rebuild again.
        var generation = replicas.PlacementGeneration;
        if (generation == _generation)
        {
            return;
        }
        _byNode.Clear();
        _byRack.Clear();
        _listedIn.Clear();
        foreach (var index in _pending)
        {
            Place(_tasks[index], replicas);
        }
        _generation = generation;
    }

    private void Place(ISchedulableTask task, IReplicaOracle replicas)
    {
        if (!task.HasReplicas)
        {
            return;
        }
        var lists = new List<SortedSet<int>>();
        foreach (var node in replicas.LiveReplicaNodes(task))
        {
            lists.Add(ListFor(_byNode, node));
            if (replicas.RackOf(node) is { } rack)
            {
                lists.Add(ListFor(_byRack, rack));
            }
        }
        foreach (var list in lists)
        {
            list.Add(task.Index);
        }
        _listedIn[task.Index] = lists;
    }

    private void Unplace(int index)
    {
        if (_listedIn.Remove(index, out var lists))
        {
            foreach (var list in lists)
            {
                list.Remove(index);
            }
        }
    }

    private IEnumerable<ISchedulableTask> Listed(Dictionary<string, SortedSet<int>> lists, string key) =>
        lists.TryGetValue(key, out var list) ? list.Select(i => _tasks[i]) : [];

    private static SortedSet<int> ListFor(Dictionary<string, SortedSet<int>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }
        return list;
    }
}
