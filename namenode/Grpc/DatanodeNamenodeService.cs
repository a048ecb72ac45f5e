using DataLocal.NameNode.Security;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Security;
using DataLocal.Common.Security;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Grpc;

/// <summary>The datanode-facing RPCs: registration, heartbeats (with commands in the reply), block reports.</summary>
public sealed class DatanodeNamenodeService(
    DatanodeRegistry registry,
    BlockReportProcessor reports,
    PendingDeletions pendingDeletions,
    PendingReplications pendingReplications,
    PendingVerifications pendingVerifications,
    SafeMode safeMode,
    ReachabilityProbe probe,
    IOptions<NameNodeOptions> options,
    UserDirectory users,
    BlockMap blockMap,
    BlockTokenKeys blockTokens,
    ExecutorTokens executorTokens,
    ILogger<DatanodeNamenodeService> logger) : DatanodeNamenode.DatanodeNamenodeBase
{
    public override Task<AuthenticateUserReply> AuthenticateUser(AuthenticateUserRequest request, ServerCallContext context) =>
        Task.FromResult(users.Authenticate(request.Token) is { } user
            ? new AuthenticateUserReply { Valid = true, Name = user.Name, Admin = user.IsAdmin }
            : new AuthenticateUserReply { Valid = false });

    public override async Task<RegisterReply> Register(RegisterRequest request, ServerCallContext context)
    {
        var rack = string.IsNullOrEmpty(request.Rack) ? "/default-rack" : request.Rack;
        var address = CanonicalAddress.Canonicalize(request.Address);
        var unreachable = await probe.ProbeAsync(request.NodeId, address, context.CancellationToken).ConfigureAwait(false);
        var httpAddress = string.IsNullOrEmpty(request.HttpAddress) ? null : CanonicalAddress.Canonicalize(request.HttpAddress);
        registry.Register(request.NodeId, address, rack, request.CapacityBytes, request.UsedBytes, request.RemainingBytes, unreachable, httpAddress, request.TaskSlots);
        logger.NodeRegistered(request.NodeId, address, rack);
        if (unreachable is not null)
        {
            logger.NodeUnreachable(request.NodeId, unreachable);
        }
        return new RegisterReply
        {
            HeartbeatIntervalMs = (long)options.Value.HeartbeatInterval.TotalMilliseconds,
            Unreachable = unreachable is not null,
            UnreachableReason = unreachable ?? string.Empty,
            Address = address,
            BlockKeys = blockTokens.Export(),
            ExecutorToken = executorTokens.Issue(request.NodeId),
        };
    }

    public override Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        if (!registry.Heartbeat(request.NodeId, request.CapacityBytes, request.UsedBytes, request.RemainingBytes, request.ActiveTransfers,
            request.BytesServedLocal, request.BytesServedRemote))
        {
            return Task.FromResult(new HeartbeatReply { Reregister = true });
        }
        var reply = new HeartbeatReply { BlockKeys = blockTokens.Export() };
        // Verifying deletes nothing, so it is asked for in safe mode too.
        reply.VerifyBlockIds.AddRange(pendingVerifications.Take(request.NodeId));
        if (safeMode.IsOn)
        {
            // In safe mode no replica is deleted or copied: the orders wait, queued, until it ends.
            return Task.FromResult(reply);
        }
        var deletions = pendingDeletions.Take(request.NodeId);
        if (deletions.Count > 0)
        {
            reply.DeleteBlocks = new DeleteBlocksCommand();
            reply.DeleteBlocks.BlockIds.AddRange(deletions);
        }
        foreach (var work in pendingReplications.Take(request.NodeId))
        {
            var command = new ReplicateBlockCommand
            {
                BlockId = work.BlockId,
                Length = work.Length,
                BlockToken = blockTokens.Issue(CallerIdentity.ClusterMember.Name, work.BlockId, blockMap.GenerationStampOf(work.BlockId), BlockAccessMode.Copy),
            };
            command.Targets.AddRange(work.Targets.Select(t => new TaskReplica { NodeId = t.NodeId, Address = t.Address }));
            reply.Replicate.Add(command);
        }
        return Task.FromResult(reply);
    }

    public override Task<BlockReportReply> BlockReport(BlockReportRequest request, ServerCallContext context)
    {
        var reply = new BlockReportReply();
        reply.DeleteBlockIds.AddRange(reports.ApplyFullReport(
            request.NodeId, [.. request.Replicas.Select(ToReported)], request.Replicas.Where(r => r.Corrupt).Select(r => r.BlockId).ToHashSet()));
        registry.MarkBlockReportReceived(request.NodeId);
        return Task.FromResult(reply);
    }

    public override Task<IncrementalBlockReportReply> IncrementalBlockReport(IncrementalBlockReportRequest request, ServerCallContext context)
    {
        var reply = new IncrementalBlockReportReply();
        reply.DeleteBlockIds.AddRange(reports.ApplyIncrementalReport(
            request.NodeId, request.Received.Select(ToReported), request.Deleted, request.Corrupt));
        return Task.FromResult(reply);
    }

    private static ReportedReplica ToReported(ReplicaInfo replica) => new(replica.BlockId, replica.Length, replica.GenerationStamp);
}
