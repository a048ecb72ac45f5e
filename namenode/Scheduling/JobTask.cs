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
    string? Url = null);

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

    public TaskAttempt? Running { get; set; }

    public byte[]? Result { get; set; }

    /// <summary>Output blocks allocated to this task's attempts (only the winning one's is kept).</summary>
    public List<long> OutputBlocks { get; } = [];

    /// <summary>The part file the successful attempt wrote, when the job writes its rows into the cluster.</summary>
    public TaskOutputFile? Output { get; set; }

    public IReadOnlySet<string> ExcludedNodes => _excluded;

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
