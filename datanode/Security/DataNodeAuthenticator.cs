using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DataLocal.Common.Security;
using DataLocal.DataNode.NameNodeLink;

namespace DataLocal.DataNode.Security;

/// <summary>
/// A datanode's check of a credential: the cluster secret is the namenode or another datanode; any other
/// credential is a user token, which only the namenode can check (it keeps the users). Answers are kept
/// for a short while so a client's stream of block reads costs one namenode call, not one per block;
/// so a removed user's token still works on datanodes for up to <see cref="ValidFor"/>.
/// </summary>
public sealed class DataNodeAuthenticator(ClusterSecret clusterSecret, NameNodeConnection nameNode, TimeProvider time) : ICallerAuthenticator
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromSeconds(30);

    // A wrong token is remembered briefly too, so guessing costs the namenode little.
    private static readonly TimeSpan InvalidFor = TimeSpan.FromSeconds(5);

    // Bounds memory under a flood of distinct wrong tokens: past it, the cache starts over.
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (CallerIdentity? Caller, DateTimeOffset Until)> _answers = new(StringComparer.Ordinal);

    public async ValueTask<CallerIdentity?> AuthenticateAsync(string credential, CancellationToken cancellationToken)
    {
        if (clusterSecret.Matches(credential))
        {
            return CallerIdentity.ClusterMember;
        }
        // Keyed by a digest: the cache holds no token.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(credential)));
        var now = time.GetUtcNow();
        if (_answers.TryGetValue(key, out var known) && known.Until > now)
        {
            return known.Caller;
        }
        var caller = await nameNode.AuthenticateUserAsync(credential, cancellationToken).ConfigureAwait(false);
        if (_answers.Count >= MaxCached)
        {
            _answers.Clear();
        }
        _answers[key] = (caller, now + (caller is null ? InvalidFor : ValidFor));
        return caller;
    }
}
