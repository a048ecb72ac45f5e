using DataLocal.Common.Security;
using DataLocal.NameNode.Security;
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
    UserDirectory users,
    IOptions<NameNodeOptions> options) : Admin.AdminBase
{
    public override Task<SafeModeReply> SafeMode(SafeModeRequest request, ServerCallContext context)
    {
        // Anyone may ask; only an admin may change it.
        if (request.Action is "enter" or "leave" && CallerIdentity.Of(context) is { MayAdminister: false } caller)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, MethodAccess.AdminRequired(caller, $"safemode {request.Action}")));
        }
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

    public override Task<AddUserReply> AddUser(AddUserRequest request, ServerCallContext context) =>
        Task.FromResult(new AddUserReply { Token = users.Add(request.Name, request.Admin, request.Groups) });

    public override Task<ListUsersReply> ListUsers(ListUsersRequest request, ServerCallContext context)
    {
        var reply = new ListUsersReply();
        reply.Users.AddRange(users.List().Select(u => new UserEntry
        {
            Name = u.Name, Admin = u.Admin, CreatedUnixMs = new DateTimeOffset(DateTime.SpecifyKind(u.CreatedUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds(), Groups = { u.Groups },
        }));
        return Task.FromResult(reply);
    }

    public override Task<RemoveUserReply> RemoveUser(RemoveUserRequest request, ServerCallContext context)
    {
        users.Remove(request.Name);
        return Task.FromResult(new RemoveUserReply());
    }

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
