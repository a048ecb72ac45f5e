namespace DataLocal.NameNode.Scheduling;

/// <summary>A job's lifecycle states.</summary>
public enum JobState
{
    Running,
    Succeeded,
    Failed,
    Killed,
}

/// <summary>A submitted query: its tasks, their attempts, its delay-scheduling clock, its limits and, once done, the shape of its result.</summary>
public sealed class Job(string id, string sql, IJobQuery query, IReadOnlyList<JobTask> tasks, DelaySchedulingState delay)
{
    public string Id { get; } = id;

    public string Sql { get; } = sql;

    public IJobQuery Query { get; } = query;

    public IReadOnlyList<JobTask> Tasks { get; } = tasks;

    public DelaySchedulingState Delay { get; } = delay;

    /// <summary>The tasks waiting for a slot, indexed by where their replicas are (kept by the job manager as tasks launch and requeue).</summary>
    public PendingTaskIndex Pending { get; } = new(tasks);

    /// <summary>
    /// Running tasks the speculation check found to be stragglers (Spark's speculatableTasks), by
    /// index: a free slot elsewhere may start one copy of each. An entry whose task has since finished
    /// or started its copy is dropped when read.
    /// </summary>
    public SortedSet<int> Speculatable { get; } = [];

    public bool LocalityOff { get; init; }

    /// <summary>Who submitted it: they own its output, count it against --max-running-jobs-per-user, and may kill it.</summary>
    public string User { get; init; } = Security.Superuser.Name;

    public int MaxAttempts { get; init; } = 4;

    /// <summary>Where the selected rows are written as Parquet part files; null when the result is returned.</summary>
    public string? OutputPath { get; init; }

    /// <summary>True once the output directory is visible: from then on its blocks belong to files and are never discarded with the job.</summary>
    public bool OutputCommitted { get; set; }

    public int BlocksTotal { get; init; }

    public int BlocksSkipped { get; init; }

    /// <summary>The result computed at submit from stored row counts and statistics (a partial result), when no task is needed for it.</summary>
    public byte[]? MetadataAnswer { get; init; }

    public DateTimeOffset Submitted { get; init; }

    public DateTimeOffset? Finished { get; set; }

    public JobState State { get; set; } = JobState.Running;

    /// <summary>
    /// Every task has succeeded and one caller merges the partials (or commits the output) outside
    /// the scheduler's lock; the job ends when that caller applies the outcome. A kill or a timeout
    /// meanwhile still ends a job that returns its result (the merge is thrown away), but not one
    /// committing its output: that commit, once begun, decides the job.
    /// </summary>
    public bool Finishing { get; set; }

    /// <summary>False once the job has ended, or its output commit has begun: a kill or a timeout changes nothing then.</summary>
    public bool Stoppable => State == JobState.Running && !(Finishing && OutputPath is not null);

    private volatile bool _finalRecordStored;

    /// <summary>Set once the job's final record is in the job history: only then may it leave memory.</summary>
    public bool FinalRecordStored
    {
        get => _finalRecordStored;
        set => _finalRecordStored = value;
    }

    public string? Error { get; set; }

    public List<TaskAttempt> Attempts { get; } = [];

    /// <summary>How long the job may run before it is failed (job submit --timeout, or the namenode's --job-timeout).</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>True when the submit set <see cref="Timeout"/>, so a timeout names the setting that applied.</summary>
    public bool TimeoutFromSubmit { get; init; }

    /// <summary>Bytes of partial results held for the merge (the tasks' <see cref="JobTask.Result"/>), counted against --max-result-size.</summary>
    public long PartialBytesHeld { get; set; }

    /// <summary>The result's columns once the job succeeded; its rows are in the job history's store.</summary>
    public IReadOnlyList<string> ResultColumns { get; set; } = [];

    /// <summary>Per result column: <see cref="ResultColumnType"/>'s names, so clients can type the text values.</summary>
    public IReadOnlyList<string> ResultColumnTypes { get; set; } = [];

    /// <summary>Per result column: its SQL type as DuckDB names it (<see cref="ResultSqlType"/>), so clients can parse the text values.</summary>
    public IReadOnlyList<string> ResultColumnSqlTypes { get; set; } = [];

    public long ResultRows { get; set; }

    public long ResultBytes { get; set; }
}

/// <summary>
/// A finished job's result table, values rendered as invariant text (null = SQL NULL), what each column's
/// values are for JSON (<see cref="ResultColumnType"/>) and each column's SQL type (<see cref="ResultSqlType"/>).
/// </summary>
public sealed record JobResult(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string?>> Rows,
    IReadOnlyList<string>? ColumnTypes = null,
    IReadOnlyList<string>? ColumnSqlTypes = null);
