using DataLocal.Common.Checksums;
using DataLocal.Common.Parquet;
using DataLocal.Common.Security;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Security;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Grpc;

/// <summary>
/// The executor RPCs: a free slot pulls a task; a finished attempt reports back. Every call must come
/// from the node it names, as its executor credential (<see cref="ExecutorTokens"/>) proves: the
/// cluster secret alone is shared by all datanodes and says nothing of which one calls.
/// </summary>
public sealed class TaskExchangeService(
    JobManager jobs,
    BlockMap blockMap,
    DatanodeRegistry registry,
    ExecutorTokens executors,
    IOptions<NameNodeOptions> options,
    TimeProvider time,
    BlockTokenKeys blockTokens,
    ILogger<TaskExchangeService> logger)
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
        RequireCaller(context, request.NodeId, "pull a task");
        var giveUp = time.GetUtcNow() + options.Value.TaskPullWait;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var changed = jobs.WorkChanged;
            if (jobs.Pull(request.NodeId) is { } assigned)
            {
                return Reply(assigned, request.HeldFooters);
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

    private PullTaskReply Reply(AssignedTask assigned, IReadOnlyCollection<ByteString> heldFooters)
    {
        var input = assigned.Task.Input;
        // A partial result over the whole job's limit could never be accepted: the executor keeps it and says how big it was.
        var maxResultBytes = assigned.Job.OutputPath is null ? options.Value.MaxResultSize : 0;
        var footerDigest = FooterDigest.Of(input.Footer);
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
            FooterDigest = ByteString.CopyFrom(footerDigest),
            // Left out when the executor already holds it: every task of a file carries the same footer.
            Footer = heldFooters.Any(d => d.Span.SequenceEqual(footerDigest)) ? ByteString.Empty : ByteString.CopyFrom(input.Footer),
            Url = input.Url ?? string.Empty,
            UrlAddresses = { input.UrlAddresses },
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

    /// <summary>
    /// Takes a result only from the executor the attempt was handed to, for that attempt, with bytes
    /// that match the checksum the executor computed; anything else is refused, logged, and never counts.
    /// </summary>
    public override Task<TaskReportReply> ReportTask(TaskReport request, ServerCallContext context)
    {
        RequireCaller(context, request.NodeId, $"report attempt {request.Attempt} of task {request.TaskIndex} of {request.JobId}");
        if (Crc32C.Compute(request.PartialResult.Span) != request.ResultCrc32C)
        {
            logger.TaskReportRefused(request.JobId, request.TaskIndex, request.Attempt, request.NodeId, "its result does not match its checksum");
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"the result of attempt {request.Attempt} of task {request.TaskIndex} of {request.JobId} does not match its CRC32C: refused"));
        }
        var verdict = jobs.Report(new TaskOutcome(
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
        if (verdict == ReportVerdict.NotAssigned)
        {
            logger.TaskReportRefused(request.JobId, request.TaskIndex, request.Attempt, request.NodeId, "that attempt was never handed to this node");
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"attempt {request.Attempt} of task {request.TaskIndex} of {request.JobId} was never handed to {request.NodeId}: its report is refused"));
        }
        return Task.FromResult(new TaskReportReply());
    }

    public override Task<RunningTasksReply> ReportRunning(RunningTasksReport request, ServerCallContext context)
    {
        RequireCaller(context, request.NodeId, "list running attempts");
        var cancel = jobs.ReconcileRunning(request.NodeId, [.. request.Attempts.Select(a => new AttemptKey(a.JobId, a.TaskIndex, a.Attempt))]);
        var reply = new RunningTasksReply();
        reply.Cancel.AddRange(cancel.Select(k => new RunningAttempt { JobId = k.JobId, TaskIndex = k.TaskIndex, Attempt = k.Attempt }));
        return Task.FromResult(reply);
    }

    public override Task<AllocateOutputBlockReply> AllocateOutputBlock(AllocateOutputBlockRequest request, ServerCallContext context)
    {
        RequireCaller(context, request.NodeId, "allocate an output block");
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

    // The node a call names must be the one its executor credential was issued to.
    private void RequireCaller(ServerCallContext context, string claimedNodeId, string what)
    {
        var caller = executors.NodeOf(ExecutorCredential.From(context.RequestHeaders));
        if (caller is not null && caller == claimedNodeId)
        {
            return;
        }
        logger.ExecutorCallRefused(claimedNodeId, caller is null ? "a caller without a valid executor credential" : $"datanode {caller}", what);
        throw new RpcException(new Status(StatusCode.PermissionDenied,
            $"only datanode {claimedNodeId}, with the executor credential it got when it registered, may {what}"));
    }

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
