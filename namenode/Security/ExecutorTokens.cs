using System.Security.Cryptography;
using DataLocal.Common.Security;

namespace DataLocal.NameNode.Security;

/// <summary>
/// The executor credentials the namenode issued, one per registered datanode: every datanode holds
/// the same cluster secret, so without these any of them (or anything holding the secret) could pull
/// or report tasks as another. A re-registration replaces the node's credential; they live in memory
/// only, as registrations do (a restarted namenode makes every node register again).
/// </summary>
public sealed class ExecutorTokens
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _nodeByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokenByNode = new(StringComparer.Ordinal);

    /// <summary>A fresh credential for <paramref name="nodeId"/>, replacing the one it had.</summary>
    public string Issue(string nodeId)
    {
        var token = "dle_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        lock (_lock)
        {
            if (_tokenByNode.Remove(nodeId, out var old))
            {
                _nodeByToken.Remove(old);
            }
            _tokenByNode[nodeId] = token;
            _nodeByToken[token] = nodeId;
        }
        return token;
    }

    /// <summary>The node whose current credential <paramref name="token"/> is, or null.</summary>
    public string? NodeOf(string? token)
    {
        if (token is null)
        {
            return null;
        }
        lock (_lock)
        {
            // String hashes are randomized per process, so the lookup's timing says nothing useful about a guess.
            return _nodeByToken.GetValueOrDefault(token);
        }
    }
}
