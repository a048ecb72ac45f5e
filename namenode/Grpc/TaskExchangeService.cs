using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Scheduling;
using DataLocal.Protocol.Datanode;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.NameNode.Grpc;

/// <summary>The executor RPCs: a free slot pulls a task; a finished attempt reports back.</summary>
public sealed class TaskExchangeService(JobManager jobs, DatanodeRegistry registry) : TaskExchange.TaskExchangeBase
{
    public override Task<PullTaskReply> PullTask(PullTaskRequest request, ServerCallContext context)
    {
        var assigned = jobs.Pull(request.NodeId);
        if (assigned is null)
        {
            return Task.FromResult(new PullTaskReply());
        }
        var input = assigned.Task.Input;
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
        };
        task.Replicas.AddRange(assigned.ReplicaNodeIds
            .Select(registry.Find)
            .OfType<DatanodeDescriptor>()
            .Select(n => new TaskReplica { NodeId = n.NodeId, Address = n.Address }));
        return Task.FromResult(new PullTaskReply { HasTask = true, Task = task });
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
            TimeSpan.FromMilliseconds(request.DurationMs)));
        return Task.FromResult(new TaskReportReply());
    }
}
