namespace DataLocal.NameNode.Scheduling;

/// <summary>What one task reads: a stored block of a Parquet file (or a row-group range of an external URL).</summary>
public sealed record TaskInput(
    string File,
    long BlockId,
    long Offset,
    long Length,
    int FirstRowGroup,
    int RowGroupCount,
    long FileLength,
    byte[] Footer,
    string? Url = null)
{
    /// <summary>For a URL: the addresses its host was checked at, the only ones the executor may connect to.</summary>
    public IReadOnlyList<string> UrlAddresses { get; init; } = [];
}

/// <summary>Where a task is in its life.</summary>
public enum TaskState
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>One task of a job: one block, its attempts so far, and its partial result once done.</summary>
public sealed class JobTask(int index, TaskInput input) : ISchedulableTask
{
    private readonly HashSet<string> _excluded = new(StringComparer.Ordinal);

    public int Index { get; } = index;

    public TaskInput Input { get; } = input;

    public TaskState State { get; set; } = TaskState.Pending;

    /// <summary>Attempts that failed for the task's own reasons (a lost node does not count).</summary>
    public int Failures { get; set; }

    public int AttemptsStarted { get; set; }

    private readonly List<TaskAttempt> _running = [];

    /// <summary>
    /// The attempts running now: one, or two while a speculative copy races the original (the first
    /// to finish wins, the other is stopped). Empty unless the task is running.
    /// </summary>
    public IReadOnlyList<TaskAttempt> RunningAttempts => _running;

    /// <summary>The running attempt with this number on this node, or null: a report or listing of any other changes nothing.</summary>
    public TaskAttempt? RunningAttempt(int attempt, string nodeId) =>
        _running.Find(a => a.Attempt == attempt && string.Equals(a.NodeId, nodeId, StringComparison.Ordinal));

    public void AddRunning(TaskAttempt attempt) => _running.Add(attempt);

    /// <summary>Ends one running attempt as <paramref name="outcome"/> at <paramref name="now"/>.</summary>
    public void EndRunning(TaskAttempt attempt, string outcome, string? error, DateTimeOffset now)
    {
        attempt.Outcome = outcome;
        attempt.Error = error;
        attempt.Duration = now - attempt.Started;
        _running.Remove(attempt);
    }

    /// <summary>
    /// Marked by the speculation check (Spark's speculatableTasks): the task's one running attempt is a
    /// straggler, and a free slot on another node may start a copy of it. Cleared when the copy starts
    /// or the task stops running.
    /// </summary>
    public bool SpeculationWanted { get; set; }

    /// <summary>How long the winning attempt ran, launch to report, on the namenode's clock: what the median for speculation is taken over.</summary>
    public TimeSpan? SucceededIn { get; set; }

    public byte[]? Result { get; set; }

    /// <summary>Output blocks allocated to this task's attempts (only the winning one's is kept).</summary>
    public List<long> OutputBlocks { get; } = [];

    /// <summary>The part file the successful attempt wrote, when the job writes its rows into the cluster.</summary>
    public TaskOutputFile? Output { get; set; }

    /// <summary>
    /// Nodes the task may not go to: those it failed on, and those running an attempt of it (so a
    /// speculative copy never runs beside its original). A pending task runs nowhere, so for it these
    /// are the failures alone.
    /// </summary>
    public IReadOnlySet<string> ExcludedNodes =>
        _running.Count == 0 ? _excluded : new HashSet<string>(_excluded.Concat(_running.Select(a => a.NodeId)), StringComparer.Ordinal);

    public bool HasReplicas => Input.Url is null;

    public void Exclude(string nodeId) => _excluded.Add(nodeId);

    public void ClearExclusions() => _excluded.Clear();
}

/// <summary>One run of a task on one node: the row a `job tasks` listing shows.</summary>
public sealed class TaskAttempt
{
    public required int TaskIndex { get; init; }

    public required int Attempt { get; init; }

    public required long BlockId { get; init; }

    public required string File { get; init; }

    public required string NodeId { get; init; }

    public required string NodeAddress { get; init; }

    public required LocalityLevel Level { get; init; }

    public required DateTimeOffset Started { get; init; }

    /// <summary>A copy started by speculative execution because the task's first running attempt was a straggler.</summary>
    public bool Speculative { get; init; }

    /// <summary>The live holders of the task's block when the attempt launched: its locality was judged against these.</summary>
    public IReadOnlyList<string> ReplicasAtLaunch { get; init; } = [];

    /// <summary>When the executor last named this attempt in its running-task listing (or, until then, when it started).</summary>
    public DateTimeOffset LastListed { get; set; }

    /// <summary>running, succeeded, failed, lost (its node died), killed.</summary>
    public string Outcome { get; set; } = "running";

    public string? Error { get; set; }

    public long BytesLocal { get; set; }

    public long BytesRemote { get; set; }

    public long RowsIn { get; set; }

    public long RowsOut { get; set; }

    public TimeSpan Duration { get; set; }
}
