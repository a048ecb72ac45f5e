using DataLocal.Common.Security;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Client;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.NameNode.Grpc;

/// <summary>The job RPCs: thin adapters over the job manager; a result streams out in pages.</summary>
public sealed class JobControlService(JobManager jobs, Blocks.SafeMode safeMode, TimeProvider time, PermissionChecker permissions) : JobControl.JobControlBase
{
    /// <summary>Longest a <see cref="WaitJob"/> is held: well under the 30 s deadline of control calls.</summary>
    public static readonly TimeSpan MaxJobWait = TimeSpan.FromSeconds(20);

    public override async Task<SubmitJobReply> SubmitJob(SubmitJobRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable("run a job");
        var wait = request.LocalityWaitMs >= 0 ? TimeSpan.FromMilliseconds(request.LocalityWaitMs) : (TimeSpan?)null;
        var output = string.IsNullOrEmpty(request.OutputPath) ? null : request.OutputPath;
        var timeout = request.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.TimeoutMs) : (TimeSpan?)null;
        var caller = CallerIdentity.Of(context);
        var submitter = new JobSubmitter(caller.Name, (source, outputPath) => JobAccessCheck.Check(permissions, caller, source, outputPath));
        var job = await jobs.SubmitAsync(request.Sql, wait, request.LocalityOff, request.MaxAttempts, output, timeout, submitter, context.CancellationToken).ConfigureAwait(false);
        return new SubmitJobReply { JobId = job.Id };
    }

    public override Task<JobStatus> GetJob(JobRequest request, ServerCallContext context) =>
        Task.FromResult(ToStatus(jobs.Get(request.JobId) ?? throw new UnknownJobException(request.JobId)));

    public override async Task<JobStatus> WaitJob(WaitJobRequest request, ServerCallContext context)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.MaxWaitMs, 0, (long)MaxJobWait.TotalMilliseconds));
        var giveUp = time.GetUtcNow() + wait;
        while (true)
        {
            // Taken before looking, so a change between the look and the wait still wakes this call.
            var changed = jobs.JobsChanged;
            var status = ToStatus(jobs.Get(request.JobId) ?? throw new UnknownJobException(request.JobId));
            var left = giveUp - time.GetUtcNow();
            if (status.FinishedMs != 0 || status.State != request.SeenState || status.TasksSucceeded != request.SeenTasksSucceeded
                || status.TasksRunning != request.SeenTasksRunning || left <= TimeSpan.Zero || context.CancellationToken.IsCancellationRequested)
            {
                return status;
            }
            await Task.WhenAny(changed, Task.Delay(left, time, context.CancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Pages of rows up to about this much text each: far below any message limit, few enough messages to be quick.</summary>
    public const int ResultPageBytes = 1024 * 1024;

    public override async Task ReadJobResult(JobRequest request, IServerStreamWriter<JobResultPage> responseStream, ServerCallContext context)
    {
        // The rows come from files the submitter may read and others perhaps not.
        var job = jobs.Get(request.JobId) ?? throw new UnknownJobException(request.JobId);
        CheckSubmitterOrAdmin(CallerIdentity.Of(context), job, "read the result of");
        using var result = jobs.OpenResult(request.JobId);
        var page = new JobResultPage();
        page.Columns.AddRange(result.Columns);
        // With the columns, so a reader of the stream alone can type the values.
        page.ColumnSqlTypes.AddRange(job.ColumnSqlTypes);
        using var rows = new MemoryStream();
        using var writer = new BinaryWriter(rows, System.Text.Encoding.UTF8, leaveOpen: true);
        while (true)
        {
            var copied = result.CopyRowsTo(writer, ResultPageBytes);
            // The first page goes even without rows: a result without rows still says its columns.
            if (copied == 0 && page.Columns.Count == 0)
            {
                break;
            }
            page.RowData = ByteString.CopyFrom(rows.GetBuffer(), 0, (int)rows.Length);
            await responseStream.WriteAsync(page, context.CancellationToken).ConfigureAwait(false);
            if (copied == 0)
            {
                break;
            }
            rows.SetLength(0);
            page = new JobResultPage();
        }
    }

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
            Speculative = a.Speculative,
        }));
        return Task.FromResult(reply);
    }

    public override Task<ListJobsReply> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var reply = new ListJobsReply();
        // The list shows summaries; results and task rows are fetched per job.
        reply.Jobs.AddRange(jobs.List().Select(ToStatus));
        return Task.FromResult(reply);
    }

    public override Task<JobStatus> KillJob(JobRequest request, ServerCallContext context)
    {
        CheckSubmitterOrAdmin(CallerIdentity.Of(context), jobs.Get(request.JobId) ?? throw new UnknownJobException(request.JobId), "kill");
        return Task.FromResult(ToStatus(jobs.Kill(request.JobId)));
    }

    // As YARN's application ACLs: a job's submitter or an admin may act on it, nobody else.
    private static void CheckSubmitterOrAdmin(CallerIdentity caller, JobRecord job, string action)
    {
        if (!caller.MayAdminister && job.User != caller.Name)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"Permission denied: user={caller.Name} may not {action} {job.Id}, submitted by {job.User}; only its submitter or an admin may"));
        }
    }

    private static JobStatus ToStatus(JobRecord job)
    {
        var succeeded = job.Attempts.Where(a => a.Outcome == "succeeded").ToList();
        var status = new JobStatus
        {
            JobId = job.Id,
            Sql = job.Sql,
            User = job.User,
            State = job.State,
            TasksTotal = job.TasksTotal,
            TasksSucceeded = job.TasksSucceeded,
            TasksRunning = job.TasksRunning,
            BlocksTotal = job.BlocksTotal,
            BlocksSkipped = job.BlocksSkipped,
            AnsweredFromMetadata = job.AnsweredFromMetadata,
            TasksNodeLocal = succeeded.Count(a => a.Locality == "NODE_LOCAL"),
            TasksRackLocal = succeeded.Count(a => a.Locality == "RACK_LOCAL"),
            TasksAny = succeeded.Count(a => a.Locality == "ANY"),
            BytesReadLocal = succeeded.Sum(a => a.BytesLocal),
            BytesReadRemote = succeeded.Sum(a => a.BytesRemote),
            Error = job.Error ?? string.Empty,
            OutputPath = job.OutputPath ?? string.Empty,
            // Records from before results were stored apart carry their rows, and no count.
            ResultRows = job.ResultRows > 0 ? job.ResultRows : job.Rows.Count,
            ResultBytes = job.ResultBytes,
            TimeoutMs = job.TimeoutMs,
            SpeculativeAttempts = job.Attempts.Count(a => a.Speculative),
            SubmittedMs = new DateTimeOffset(DateTime.SpecifyKind(job.SubmittedUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
            FinishedMs = job.FinishedUtc is { } finished ? new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : 0,
        };
        status.Columns.AddRange(job.Columns);
        status.ColumnTypes.AddRange(job.ColumnTypes);
        status.ColumnSqlTypes.AddRange(job.ColumnSqlTypes);
        return status;
    }
}
