using System.Collections.Immutable;
using DataLocal.Protocol.Security;
using Google.Protobuf;

namespace DataLocal.Common.Security;

/// <summary>
/// A datanode's check of block tokens (HDFS's BlockTokenSecretManager on the datanode side): it holds
/// the keys the namenode last sent and refuses a token that is missing, unsigned by one of them,
/// expired, for another block, generation stamp or access mode, or issued to another user.
/// The keys are replaced whole on every registration and heartbeat, so a rolled-out key stops
/// working within a heartbeat.
/// </summary>
public sealed class BlockTokenVerifier(TimeProvider time)
{
    private volatile ImmutableDictionary<int, BlockKey> _keys = ImmutableDictionary<int, BlockKey>.Empty;

    /// <summary>Takes the namenode's current key set (from a registration or heartbeat reply).</summary>
    public void SetKeys(BlockKeys? keys)
    {
        if (keys is null || keys.Keys.Count == 0)
        {
            return;
        }
        _keys = keys.Keys.ToImmutableDictionary(k => k.KeyId);
    }

    /// <summary>Whether the key with <paramref name="keyId"/> was received (and not yet rolled out).</summary>
    public bool HoldsKey(int keyId) => _keys.ContainsKey(keyId);

    /// <summary>Throws unless <paramref name="token"/> lets <paramref name="caller"/> read <paramref name="blockId"/>.</summary>
    public void CheckRead(BlockToken? token, long blockId, CallerIdentity? caller) =>
        Check(token, blockId, generationStamp: null, caller, BlockAccessMode.Read);

    /// <summary>
    /// Throws unless <paramref name="token"/> lets <paramref name="caller"/> store a replica of
    /// <paramref name="blockId"/> with <paramref name="generationStamp"/>: a WRITE grant, or the COPY
    /// grant of a replication order.
    /// </summary>
    public void CheckWrite(BlockToken? token, long blockId, long generationStamp, CallerIdentity? caller) =>
        Check(token, blockId, generationStamp, caller, BlockAccessMode.Write, BlockAccessMode.Copy);

    /// <summary>Throws unless <paramref name="token"/> is a COPY grant for <paramref name="blockId"/> (a replication order).</summary>
    public void CheckCopy(BlockToken? token, long blockId) =>
        Check(token, blockId, generationStamp: null, caller: null, BlockAccessMode.Copy);

    private void Check(BlockToken? token, long blockId, long? generationStamp, CallerIdentity? caller, params BlockAccessMode[] accepted)
    {
        if (token is null || token.Identifier.IsEmpty)
        {
            throw Refused($"no block token for block {blockId}; the namenode gives one with the block's locations or allocation");
        }
        BlockTokenIdentifier id;
        try
        {
            id = BlockTokenIdentifier.Parser.ParseFrom(token.Identifier);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Refused($"the block token for block {blockId} is malformed");
        }
        if (!_keys.TryGetValue(id.KeyId, out var key))
        {
            throw Refused($"the block token for block {blockId} was signed with key {id.KeyId}, which this datanode does not hold (rolled out, or from before a namenode restart); fetch the block's locations again");
        }
        if (!BlockTokenSignature.Matches(token.Identifier.Span, key.Secret.Span, token.Signature.Span))
        {
            throw Refused($"the block token for block {blockId} has a bad signature");
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (id.ExpiryUnixMs <= now)
        {
            throw Refused($"the block token for block {blockId} expired {now - id.ExpiryUnixMs} ms ago; fetch the block's locations again");
        }
        if (id.BlockId != blockId)
        {
            throw Refused($"the block token is for block {id.BlockId}, not block {blockId}");
        }
        if (generationStamp is { } stamp && id.GenerationStamp != stamp)
        {
            throw Refused($"the block token for block {blockId} is for generation stamp {id.GenerationStamp}, not {stamp}");
        }
        if (!id.Modes.Any(accepted.Contains))
        {
            throw Refused($"the block token for block {blockId} grants {string.Join("+", id.Modes)}, not {string.Join(" or ", accepted)}");
        }
        // A user may only use tokens issued to them; cluster members (datanodes forwarding a
        // pipeline, executors) carry tokens issued to whoever the work is for.
        if (caller is { IsClusterMember: false } && !string.Equals(caller.Name, id.User, StringComparison.Ordinal))
        {
            throw Refused($"the block token for block {blockId} was issued to another user than {caller.Name}");
        }
    }

    private static BlockTokenException Refused(string why) => new($"permission denied: {why}");
}
