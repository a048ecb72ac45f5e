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
