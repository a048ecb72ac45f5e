using DataLocal.Protocol.Client;

namespace DataLocal.Client.Jobs;

/// <summary>A job's state, progress, locality and (when finished) its result table.</summary>
public sealed record JobInfo(
    string JobId,
    string Sql,
    string State,
    int TasksTotal,
    int TasksSucceeded,
    int TasksRunning,
    int BlocksTotal,
    int BlocksSkipped,
    int TasksNodeLocal,
    int TasksRackLocal,
    int TasksAny,
    long BytesReadLocal,
    long BytesReadRemote,
    string? Error,
    DateTimeOffset Submitted,
    DateTimeOffset? Finished,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string?>> Rows,
    string? OutputPath,
    int SpeculativeAttempts = 0,
    string User = "",
    IReadOnlyList<string>? ColumnTypes = null,
    bool AnsweredFromMetadata = false,
    IReadOnlyList<string>? ColumnSqlTypes = null)
{
    /// <summary>Each result column's SQL type as DuckDB names it (BIGINT, DECIMAL(9,2), DATE, …); empty until the job succeeds, and from a namenode that does not say.</summary>
    public IReadOnlyList<string> ColumnSqlTypes { get; init; } = ColumnSqlTypes ?? [];

    /// <summary><see cref="State"/> as an enum: running, succeeded, failed or killed.</summary>
    public JobState JobState => JobStateNames.ToJobState(State);

    /// <summary>True once the job has ended, whether it succeeded, failed or was killed.</summary>
    public bool IsFinished => State != "running";

    /// <summary>Share of finished tasks that read their block from local disk.</summary>
    public double NodeLocalShare => TasksSucceeded == 0 ? 0 : (double)TasksNodeLocal / TasksSucceeded;

    /// <summary>How long the job ran, or has been running so far.</summary>
    public TimeSpan Duration => (Finished ?? DateTimeOffset.UtcNow) - Submitted;

    /// <param name="s">The job's status.</param>
    /// <param name="rows">Its result rows, read apart (<see cref="JobClient.ReadResultAsync"/>); empty until it succeeds.</param>
    internal static JobInfo From(JobStatus s, IReadOnlyList<IReadOnlyList<string?>>? rows = null) => new(
        s.JobId,
        s.Sql,
        s.State,
        s.TasksTotal,
        s.TasksSucceeded,
        s.TasksRunning,
        s.BlocksTotal,
        s.BlocksSkipped,
        s.TasksNodeLocal,
        s.TasksRackLocal,
        s.TasksAny,
        s.BytesReadLocal,
        s.BytesReadRemote,
        string.IsNullOrEmpty(s.Error) ? null : s.Error,
        DateTimeOffset.FromUnixTimeMilliseconds(s.SubmittedMs),
        s.FinishedMs == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(s.FinishedMs),
        [.. s.Columns],
        rows ?? [],
        string.IsNullOrEmpty(s.OutputPath) ? null : s.OutputPath,
        s.SpeculativeAttempts,
        s.User,
        [.. s.ColumnTypes],
        s.AnsweredFromMetadata,
        [.. s.ColumnSqlTypes]);
}

/// <summary>One task attempt: where it ran, how local it was, what it read, how it ended, and whether it was a speculative copy of a straggler.</summary>
public sealed record TaskAttemptInfo(
    int TaskIndex,
    int Attempt,
    long BlockId,
    string File,
    string NodeId,
    string NodeAddress,
    string Locality,
    string Outcome,
    string? Error,
    long BytesLocal,
    long BytesRemote,
    long RowsIn,
    long RowsOut,
    TimeSpan Duration,
    bool Speculative = false)
{
    /// <summary><see cref="Outcome"/> as an enum.</summary>
    public TaskOutcome TaskOutcome => JobStateNames.ToTaskOutcome(Outcome);

    /// <summary><see cref="Locality"/> as an enum.</summary>
    public TaskLocality TaskLocality => JobStateNames.ToTaskLocality(Locality);

    internal static TaskAttemptInfo From(TaskAttemptStatus a) => new(
        a.TaskIndex, a.Attempt, a.BlockId, a.File, a.NodeId, a.NodeAddress, a.Locality, a.Outcome,
        string.IsNullOrEmpty(a.Error) ? null : a.Error, a.BytesLocal, a.BytesRemote, a.RowsIn, a.RowsOut, TimeSpan.FromMilliseconds(a.DurationMs), a.Speculative);
}

/// <summary>How a job is scheduled.</summary>
/// <param name="LocalityWait">How long to wait for a more local slot; null = the cluster's default (3 s); zero = no waiting.</param>
/// <param name="LocalityOff">Assign tasks first come, first served, ignoring where blocks are.</param>
/// <param name="MaxAttempts">Attempts per task; 0 = the cluster's default (4).</param>
/// <param name="OutputPath">Write the selected rows as Parquet part files under this new directory instead of returning them.</param>
/// <param name="Timeout">Fail the job if it runs longer; null = the cluster's default (namenode --job-timeout, 1 hour unless changed).</param>
public sealed record JobOptions(TimeSpan? LocalityWait = null, bool LocalityOff = false, int MaxAttempts = 0, string? OutputPath = null, TimeSpan? Timeout = null);
