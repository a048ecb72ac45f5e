namespace DataLocal.NameNode.Scheduling;

/// <summary>A job's lifecycle states.</summary>
public enum JobState
{
    Running,
    Succeeded,
    Failed,
    Killed,
}

/// <summary>A submitted query: its tasks, their attempts, its delay-scheduling clock and, once done, its result.</summary>
public sealed class Job(string id, string sql, IJobQuery query, IReadOnlyList<JobTask> tasks, DelaySchedulingState delay)
{
    public string Id { get; } = id;

    public string Sql { get; } = sql;

    public IJobQuery Query { get; } = query;

    public IReadOnlyList<JobTask> Tasks { get; } = tasks;

    public DelaySchedulingState Delay { get; } = delay;

    public bool LocalityOff { get; init; }

    public int MaxAttempts { get; init; } = 4;

    /// <summary>Where the selected rows are written as Parquet part files; null when the result is returned.</summary>
    public string? OutputPath { get; init; }

    /// <summary>True once the output directory is visible: from then on its blocks belong to files and are never discarded with the job.</summary>
    public bool OutputCommitted { get; set; }

    public int BlocksTotal { get; init; }

    public int BlocksSkipped { get; init; }

    public DateTimeOffset Submitted { get; init; }

    public DateTimeOffset? Finished { get; set; }

    public JobState State { get; set; } = JobState.Running;

    public string? Error { get; set; }

    public List<TaskAttempt> Attempts { get; } = [];

    public JobResult? Result { get; set; }
}

/// <summary>A finished job's result table, values rendered as invariant text (null = SQL NULL).</summary>
public sealed record JobResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);
