using DataLocal.Protocol.Client;
using DataLocal.Protocol.Datanode;

namespace DataLocal.Common.Security;

/// <summary>
/// Who may call which gRPC method, in one table: everything not named here is open to every
/// authenticated caller. The services datanodes speak to the namenode are for cluster members only
/// (a user token must not register a datanode or take tasks), and admin commands for admins.
/// </summary>
public static class MethodAccess
{
    private static readonly HashSet<string> ClusterOnlyServices = new(StringComparer.Ordinal)
    {
        DatanodeNamenode.Descriptor.FullName,
        TaskExchange.Descriptor.FullName,
    };

    // Probes (load balancers, orchestrators) cannot carry a token, and the health service tells them
    // nothing but whether the process serves.
    private static readonly HashSet<string> AnonymousServices = new(StringComparer.Ordinal)
    {
        global::Grpc.Health.V1.Health.Descriptor.FullName,
    };

    private static readonly HashSet<string> AdminOnlyMethods = new(StringComparer.Ordinal)
    {
        MethodPath(Admin.Descriptor.FullName, "Decommission"),
        MethodPath(Admin.Descriptor.FullName, "Recommission"),
        MethodPath(Admin.Descriptor.FullName, "AddUser"),
        MethodPath(Admin.Descriptor.FullName, "RemoveUser"),
        MethodPath(Admin.Descriptor.FullName, "ListUsers"),
    };

    /// <summary>gRPC's path of a method: /package.Service/Method.</summary>
    public static string MethodPath(string serviceFullName, string method) => $"/{serviceFullName}/{method}";

    /// <summary>True for the few methods any caller may use without a credential: the gRPC health service.</summary>
    public static bool IsAnonymous(string methodPath) => AnonymousServices.Contains(ServiceOf(methodPath));

    /// <summary>Null when <paramref name="caller"/> may call <paramref name="methodPath"/>; otherwise why not, in one line.</summary>
    public static string? Refusal(string methodPath, CallerIdentity caller)
    {
        var service = ServiceOf(methodPath);
        if (ClusterOnlyServices.Contains(service) && !caller.IsClusterMember)
        {
            return $"{methodPath} is for datanodes only (they present the cluster secret); user {caller.Name} may not call it";
        }
        if (AdminOnlyMethods.Contains(methodPath) && !caller.MayAdminister)
        {
            return AdminRequired(caller, methodPath);
        }
        return null;
    }

    /// <summary>The refusal of an admin command to a user who is not an admin.</summary>
    public static string AdminRequired(CallerIdentity caller, string what) =>
        $"permission denied: {what} needs an admin, and user {caller.Name} is not one";

    private static string ServiceOf(string methodPath) => methodPath.TrimStart('/').Split('/')[0];
}
