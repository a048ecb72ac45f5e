using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.Protocol.Client;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Grpc;

/// <summary>The administration RPCs (`datalocal admin`): cluster report, decommissioning, safe mode.</summary>
public sealed class AdminService(
    NamespaceManager namespaceManager,
    BlockMap blockMap,
    DatanodeRegistry registry,
    SafeMode safeMode,
    UnknownReplicas unknownReplicas,
    TimeProvider time,
    IOptions<NameNodeOptions> options) : Admin.AdminBase
{
    public override Task<SafeModeReply> SafeMode(SafeModeRequest request, ServerCallContext context)
    {
        switch (request.Action)
        {
            case "enter":
                safeMode.Enter();
                break;
            case "leave":
                safeMode.Leave();
                break;
            case "get" or "":
                break;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"unknown safe mode action '{request.Action}' (use get, enter or leave)"));
        }
        return Task.FromResult(new SafeModeReply { On = safeMode.IsOn, Status = safeMode.Status() });
    }

    public override Task<ClusterReportReply> GetClusterReport(ClusterReportRequest request, ServerCallContext context)
    {
        var now = time.GetUtcNow();
        var corruption = blockMap.CorruptionCounts();
        var reply = new ClusterReportReply
        {
            DefaultReplication = options.Value.DefaultReplication,
            DefaultBlockSize = options.Value.DefaultBlockSize,
            FileCount = namespaceManager.CountFiles(),
            BlockCount = blockMap.BlockCount,
            CorruptBlocks = corruption.CorruptBlocks,
            BlocksWithCorruptReplicas = corruption.BlocksWithCorruptReplicas,
            CorruptReplicas = corruption.CorruptReplicas,
            UnknownReplicas = unknownReplicas.Count,
        };
        reply.Datanodes.AddRange(registry.AllNodes().Select(n => ToReport(n, now)));
        return Task.FromResult(reply);
    }

    public override Task<DatanodeReport> Decommission(DecommissionRequest request, ServerCallContext context) =>
        Task.FromResult(ToReport(registry.SetAdminState(request.Node, AdminState.Decommissioning), time.GetUtcNow()));

    public override Task<DatanodeReport> Recommission(DecommissionRequest request, ServerCallContext context) =>
        Task.FromResult(ToReport(registry.SetAdminState(request.Node, AdminState.Normal), time.GetUtcNow()));

    private DatanodeReport ToReport(DatanodeDescriptor n, DateTimeOffset now) => new()
    {
        NodeId = n.NodeId,
        Address = n.Address,
        Rack = n.Rack,
        State = n.State.ToString().ToLowerInvariant(),
        CapacityBytes = n.CapacityBytes,
        UsedBytes = n.UsedBytes,
        RemainingBytes = n.RemainingBytes,
        BlockCount = blockMap.ReplicaCountOn(n.NodeId),
        LastHeartbeatMsAgo = (long)(now - n.LastHeartbeat).TotalMilliseconds,
        BlockReportReceived = n.BlockReportReceived,
        AdminState = n.AdminState.ToString().ToLowerInvariant(),
        Unreachable = !n.IsReachable,
        UnreachableReason = n.UnreachableReason ?? string.Empty,
    };
}
