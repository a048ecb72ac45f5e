using Grpc.Core;

namespace DataLocal.Common.Security;

/// <summary>
/// Who made a call, as the authentication interceptor established it: a user (perhaps an admin) by
/// their token, or a cluster process (a datanode, or the namenode calling a datanode) by the cluster secret.
/// </summary>
public sealed record CallerIdentity(string Name, bool IsAdmin, bool IsClusterMember)
{
    private const string Key = "datalocal.caller";

    /// <summary>The identity of datanodes and the namenode: they hold the cluster secret, so they may do anything.</summary>
    public static readonly CallerIdentity ClusterMember = new("cluster", IsAdmin: true, IsClusterMember: true);

    /// <summary>May run admin commands: an admin user or the cluster itself.</summary>
    public bool MayAdminister => IsAdmin || IsClusterMember;

    public void AttachTo(ServerCallContext context) => context.UserState[Key] = this;

    /// <summary>The caller when one was established (null for a call refused as unauthenticated).</summary>
    public static CallerIdentity? TryOf(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var identity) ? identity as CallerIdentity : null;

    /// <summary>The caller of a call the interceptor let through.</summary>
    public static CallerIdentity Of(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var identity) && identity is CallerIdentity caller
            ? caller
            : throw new InvalidOperationException("call has no authenticated caller: is the AuthenticationInterceptor registered?");
}
