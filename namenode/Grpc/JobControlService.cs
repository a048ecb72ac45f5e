using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using DataLocal.Protocol.Client;
using Grpc.Core;

namespace DataLocal.NameNode.Grpc;

/// <summary>The job RPCs: thin adapters over the job manager.</summary>
public sealed class JobControlService(JobManager jobs, Blocks.SafeMode safeMode) : JobControl.JobControlBase
{
    public override async Task<SubmitJobReply> SubmitJob(SubmitJobRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable("run a job");
        var wait = request.LocalityWaitMs >= 0 ? TimeSpan.FromMilliseconds(request.LocalityWaitMs) : (TimeSpan?)null;
        var output = string.IsNullOrEmpty(request.OutputPath) ? null : request.OutputPath;
        var job = await jobs.SubmitAsync(request.Sql, wait, request.LocalityOff, request.MaxAttempts, output, context.CancellationToken).ConfigureAwait(false);
        return new SubmitJobReply { JobId = job.Id };
    }

    public override Task<JobStatus> GetJob(JobRequest request, ServerCallContext context) =>
        Task.FromResult(ToStatus(jobs.Get(request.JobId) ?? throw new UnknownJobException(request.JobId)));

    public override Task<JobTasksReply> GetJobTasks(JobRequest request, ServerCallContext context)
    {
        var job = jobs.Get(request.JobId) ?? throw new UnknownJobException(request.JobId);
        var reply = new JobTasksReply();
        reply.Attempts.AddRange(job.Attempts.Select(a => new TaskAttemptStatus
        {
            TaskIndex = a.TaskIndex,
            Attempt = a.Attempt,
            BlockId = a.BlockId,
            File = a.File,
            NodeId = a.NodeId,
            NodeAddress = a.NodeAddress,
            Locality = a.Locality,
            Outcome = a.Outcome,
            Error = a.Error ?? string.Empty,
            BytesLocal = a.BytesLocal,
            BytesRemote = a.BytesRemote,
            RowsIn = a.RowsIn,
            RowsOut = a.RowsOut,
            DurationMs = a.DurationMs,
        }));
        return Task.FromResult(reply);
    }

    public override Task<ListJobsReply> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var reply = new ListJobsReply();
        // The list shows summaries; results and task rows are fetched per job.
        reply.Jobs.AddRange(jobs.List().Select(j => { var s = ToStatus(j); s.Rows.Clear(); return s; }));
        return Task.FromResult(reply);
    }

    public override Task<JobStatus> KillJob(JobRequest request, ServerCallContext context) =>
        Task.FromResult(ToStatus(jobs.Kill(request.JobId)));

    private static JobStatus ToStatus(JobRecord job)
    {
        var succeeded = job.Attempts.Where(a => a.Outcome == "succeeded").ToList();
        var status = new JobStatus
        {
            JobId = job.Id,
            Sql = job.Sql,
            State = job.State,
            TasksTotal = job.TasksTotal,
            TasksSucceeded = job.TasksSucceeded,
            TasksRunning = job.TasksRunning,
            BlocksTotal = job.BlocksTotal,
            BlocksSkipped = job.BlocksSkipped,
            TasksNodeLocal = succeeded.Count(a => a.Locality == "NODE_LOCAL"),
            TasksRackLocal = succeeded.Count(a => a.Locality == "RACK_LOCAL"),
            TasksAny = succeeded.Count(a => a.Locality == "ANY"),
            BytesReadLocal = succeeded.Sum(a => a.BytesLocal),
            BytesReadRemote = succeeded.Sum(a => a.BytesRemote),
            Error = job.Error ?? string.Empty,
            OutputPath = job.OutputPath ?? string.Empty,
            SubmittedMs = new DateTimeOffset(DateTime.SpecifyKind(job.SubmittedUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
            FinishedMs = job.FinishedUtc is { } finished ? new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : 0,
        };
        status.Columns.AddRange(job.Columns);
        foreach (var row in job.Rows)
        {
            var proto = new ResultRow();
            proto.Values.AddRange(row.Select(v => v is null ? new ResultValue { IsNull = true } : new ResultValue { Text = v }));
            status.Rows.Add(proto);
        }
        return status;
    }
}
