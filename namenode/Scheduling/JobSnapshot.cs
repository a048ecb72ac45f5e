using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>Turns a live job into the record that status queries return and the history keeps.</summary>
public static class JobSnapshot
{
    public static JobRecord ToRecord(this Job job) => new()
    {
        Id = job.Id,
        Sql = job.Sql,
        User = job.User,
        State = job.State.ToString().ToLowerInvariant(),
        Error = job.Error,
        SubmittedUtc = job.Submitted.UtcDateTime,
        FinishedUtc = job.Finished?.UtcDateTime,
        TasksTotal = job.Tasks.Count,
        TasksSucceeded = job.Tasks.Count(t => t.State == TaskState.Succeeded),
        TasksRunning = job.Tasks.Count(t => t.State == TaskState.Running),
        BlocksTotal = job.BlocksTotal,
        BlocksSkipped = job.BlocksSkipped,
        AnsweredFromMetadata = job.Tasks.Count == 0,
        OutputPath = job.OutputPath,
        Columns = [.. job.ResultColumns],
        ColumnTypes = [.. job.ResultColumnTypes],
        ColumnSqlTypes = [.. job.ResultColumnSqlTypes],
        ResultRows = job.ResultRows,
        ResultBytes = job.ResultBytes,
        TimeoutMs = (long)job.Timeout.TotalMilliseconds,
        Attempts = [.. job.Attempts.Select(a => new TaskAttemptRecord
        {
            TaskIndex = a.TaskIndex,
            Attempt = a.Attempt,
            BlockId = a.BlockId,
            File = a.File,
            NodeId = a.NodeId,
            NodeAddress = a.NodeAddress,
            Locality = a.Level.ToWireName(),
            Outcome = a.Outcome,
            Error = a.Error,
            BytesLocal = a.BytesLocal,
            BytesRemote = a.BytesRemote,
            RowsIn = a.RowsIn,
            RowsOut = a.RowsOut,
            DurationMs = (long)a.Duration.TotalMilliseconds,
            StartedUtc = a.Started.UtcDateTime,
            Speculative = a.Speculative,
            ReplicasAtLaunch = [.. a.ReplicasAtLaunch],
        })],
    };
}
