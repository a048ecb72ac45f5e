using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Security;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Grpc;

/// <summary>The executor RPCs: a free slot pulls a task; a finished attempt reports back.</summary>
public sealed class TaskExchangeService(JobManager jobs, BlockMap blockMap, DatanodeRegistry registry, IOptions<NameNodeOptions> options, TimeProvider time, BlockTokenKeys blockTokens)
    : TaskExchange.TaskExchangeBase
{
    // While a job's tasks wait for a more local slot, the answer can change with time alone.
    private static readonly TimeSpan LocalityRecheck = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A long poll: answers with a task as soon as one may run on the node, or with none after
    /// <see cref="NameNodeOptions.TaskPullWait"/>. An idle cluster's slots then cost one call each
    /// per wait instead of ten a second.
    /// </summary>
    public override async Task<PullTaskReply> PullTask(PullTaskRequest request, ServerCallContext context)
    {
        var giveUp = time.GetUtcNow() + options.Value.TaskPullWait;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var changed = jobs.WorkChanged;
            if (jobs.Pull(request.NodeId) is { } assigned)
            {
                return Reply(assigned);
            }
            var left = giveUp - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break;
            }
            var wait = jobs.HasPendingTasks && left > LocalityRecheck ? LocalityRecheck : left;
            await Task.WhenAny(changed, Task.Delay(wait, time, context.CancellationToken)).ConfigureAwait(false);
        }
        return new PullTaskReply();
    }

    private PullTaskReply Reply(AssignedTask assigned)
    {
        var input = assigned.Task.Input;
        // A partial result over the whole job's limit could never be accepted: the executor keeps it and says how big it was.
        var maxResultBytes = assigned.Job.OutputPath is null ? options.Value.MaxResultSize : 0;
        var task = new TaskAssignment
        {
            JobId = assigned.Job.Id,
            TaskIndex = assigned.Task.Index,
            Attempt = assigned.Attempt.Attempt,
            Sql = assigned.Job.Sql,
            Locality = assigned.Attempt.Level.ToWireName(),
            BlockId = input.BlockId,
            BlockOffset = input.Offset,
            BlockLength = input.Length,
            FirstRowGroup = input.FirstRowGroup,
            RowGroupCount = input.RowGroupCount,
            FileLength = input.FileLength,
            Footer = ByteString.CopyFrom(input.Footer),
            Url = input.Url ?? string.Empty,
            File = input.Url ?? input.File,
            WriteOutput = assigned.Job.OutputPath is not null,
            MaxResultBytes = maxResultBytes,
        };
        if (input.Url is null)
        {
            // The executor checks it before computing on its own replica and sends it with a remote read.
            task.BlockToken = blockTokens.Issue(TokenUser(assigned.Job.Id), input.BlockId, blockMap.GenerationStampOf(input.BlockId), BlockAccessMode.Read);
        }
        task.Replicas.AddRange(assigned.ReplicaNodeIds
            .Select(registry.Find)
            .OfType<DatanodeDescriptor>()
            .Select(n => new TaskReplica { NodeId = n.NodeId, Address = n.Address }));
        return new PullTaskReply { HasTask = true, Task = task };
    }

    public override Task<TaskReportReply> ReportTask(TaskReport request, ServerCallContext context)
    {
        jobs.Report(new TaskOutcome(
            request.JobId,
            request.TaskIndex,
            request.Attempt,
            request.NodeId,
            request.Succeeded,
            request.Permanent,
            string.IsNullOrEmpty(request.Error) ? null : request.Error,
            request.PartialResult.ToByteArray(),
            request.BytesLocal,
            request.BytesRemote,
            request.RowsIn,
            request.RowsOut,
            TimeSpan.FromMilliseconds(request.DurationMs),
            request.Output is { } output ? ToOutputFile(output) : null,
            request.WithheldResultBytes));
        return Task.FromResult(new TaskReportReply());
    }

    public override Task<RunningTasksReply> ReportRunning(RunningTasksReport request, ServerCallContext context)
    {
        var cancel = jobs.ReconcileRunning(request.NodeId, [.. request.Attempts.Select(a => new AttemptKey(a.JobId, a.TaskIndex, a.Attempt))]);
        var reply = new RunningTasksReply();
        reply.Cancel.AddRange(cancel.Select(k => new RunningAttempt { JobId = k.JobId, TaskIndex = k.TaskIndex, Attempt = k.Attempt }));
        return Task.FromResult(reply);
    }

    public override Task<AllocateOutputBlockReply> AllocateOutputBlock(AllocateOutputBlockRequest request, ServerCallContext context)
    {
        var allocated = jobs.AllocateOutputBlock(request.JobId, request.TaskIndex, request.Attempt, request.NodeId)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"task {request.TaskIndex} attempt {request.Attempt} of {request.JobId} is no longer running here"));
        var stamp = blockMap.GenerationStampOf(allocated.BlockId);
        var reply = new AllocateOutputBlockReply
        {
            BlockId = allocated.BlockId,
            GenerationStamp = stamp,
            BlockToken = blockTokens.Issue(TokenUser(request.JobId), allocated.BlockId, stamp, BlockAccessMode.Write),
        };
        reply.Pipeline.AddRange(allocated.Pipeline.Select(n => new TaskReplica { NodeId = n.NodeId, Address = n.Address }));
        return Task.FromResult(reply);
    }

    // Tokens for a job's work name the job: only cluster members (executors) hold them.
    private static string TokenUser(string jobId) => $"job {jobId}";

    private static TaskOutputFile ToOutputFile(OutputFile output) => new(
        output.BlockId,
        output.Length,
        output.RowCount,
        output.RowGroupCount,
        output.Footer.ToByteArray(),
        [.. output.Columns.Select(c => new ColumnStatisticsRecord
        {
            Column = c.Column,
            Min = c.HasMinMax ? c.Min : null,
            Max = c.HasMinMax ? c.Max : null,
            NullCount = c.NullCount >= 0 ? c.NullCount : null,
        })]);
}
