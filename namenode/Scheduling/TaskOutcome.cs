namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// How an executor says a task attempt ended. <paramref name="WithheldResultBytes"/> is the size of a
/// partial result the executor kept because it alone was over the job's result limit.
/// </summary>
public sealed record TaskOutcome(
    string JobId,
    int TaskIndex,
    int Attempt,
    string NodeId,
    bool Succeeded,
    bool Permanent,
    string? Error,
    byte[]? PartialResult,
    long BytesLocal,
    long BytesRemote,
    long RowsIn,
    long RowsOut,
    TimeSpan Duration,
    TaskOutputFile? Output = null,
    long WithheldResultBytes = 0);

/// <summary>A task handed to an executor: the job, the task, this attempt, and live replicas nearest first.</summary>
public sealed record AssignedTask(Job Job, JobTask Task, TaskAttempt Attempt, IReadOnlyList<string> ReplicaNodeIds);

/// <summary>What became of an executor's report of an attempt.</summary>
public enum ReportVerdict
{
    /// <summary>The attempt ran on the reporting node and its outcome was taken.</summary>
    Counted,

    /// <summary>The attempt was the reporting node's, but was written off before the report came (lost, superseded, its job ended): ignored.</summary>
    WrittenOff,

    /// <summary>The reporting node was never given this attempt (or there is no such job or task): refused.</summary>
    NotAssigned,
}
