using DataLocal.Common.Security;

namespace DataLocal.NameNode.Security;

/// <summary>The namenode's check of a credential: the cluster secret is a datanode; anything else must be a user's token.</summary>
public sealed class NameNodeAuthenticator(ClusterSecret clusterSecret, UserDirectory users) : ICallerAuthenticator
{
    public ValueTask<CallerIdentity?> AuthenticateAsync(string credential, CancellationToken cancellationToken) =>
        ValueTask.FromResult(clusterSecret.Matches(credential) ? CallerIdentity.ClusterMember : users.Authenticate(credential));
}
