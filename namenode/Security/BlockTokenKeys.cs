using System.Security.Cryptography;
using DataLocal.Protocol.Security;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Security;

/// <summary>
/// The namenode's side of block access tokens (HDFS's BlockTokenSecretManager in master mode): rolling
/// HMAC keys and the tokens signed with them. Three keys are live at a time, as in HDFS: the current
/// one signs; the next is already sent to datanodes so a token signed right after a roll verifies
/// everywhere; the previous keeps verifying the tokens it signed until they expire. Keys live in
/// memory only: after a restart tokens are re-fetched with block locations.
/// Rolls happen when the keys are next used after the interval passed, so no timer is needed and a
/// test clock rolls them deterministically.
/// </summary>
public sealed class BlockTokenKeys(IOptions<NameNodeOptions> options, TimeProvider time)
{
    private readonly object _lock = new();
    private readonly TimeSpan _interval = options.Value.BlockTokenKeyUpdateInterval;
    private readonly TimeSpan _lifetime = options.Value.BlockTokenLifetime;
    private int _nextKeyId = RandomNumberGenerator.GetInt32(1, int.MaxValue / 2);
    private BlockKey? _previous;
    private BlockKey? _current;
    private BlockKey? _next;
    private DateTimeOffset _nextRoll;

    /// <summary>A token granting <paramref name="modes"/> on the block to <paramref name="user"/>, valid for the token lifetime.</summary>
    public BlockToken Issue(string user, long blockId, long generationStamp, params BlockAccessMode[] modes)
    {
        BlockKey key;
        lock (_lock)
        {
            RollIfDue();
            key = _current!;
        }
        var identifier = new BlockTokenIdentifier
        {
            ExpiryUnixMs = (time.GetUtcNow() + _lifetime).ToUnixTimeMilliseconds(),
            KeyId = key.KeyId,
            User = user,
            BlockId = blockId,
            GenerationStamp = generationStamp,
        };
        identifier.Modes.AddRange(modes);
        var bytes = identifier.ToByteArray();
        return new BlockToken
        {
            Identifier = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(Common.Security.BlockTokenSignature.Compute(bytes, key.Secret.Span)),
        };
    }

    /// <summary>Every key a valid token may name, for datanodes (sent only on their authenticated channel).</summary>
    public BlockKeys Export()
    {
        lock (_lock)
        {
            RollIfDue();
            var keys = new BlockKeys { CurrentKeyId = _current!.KeyId };
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            keys.Keys.AddRange(new[] { _previous, _current, _next }.OfType<BlockKey>().Where(k => k.ExpiryUnixMs > now));
            return keys;
        }
    }

    private void RollIfDue()
    {
        var now = time.GetUtcNow();
        if (_current is null)
        {
            _current = NewKey(now);
            _next = NewKey(now + _interval);
            _nextRoll = now + _interval;
            return;
        }
        // A namenode idle for several intervals rolls several times: each key signs for one interval at most.
        while (now >= _nextRoll)
        {
            _previous = _current;
            _current = _next;
            _next = NewKey(_nextRoll + _interval);
            _nextRoll += _interval;
        }
    }

    // A key signs from `signsFrom` for one interval; tokens it signed live one lifetime more. It is
    // sent to datanodes an interval before it signs, hence valid from now.
    private BlockKey NewKey(DateTimeOffset signsFrom) => new()
    {
        KeyId = _nextKeyId++,
        Secret = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32)),
        ExpiryUnixMs = (signsFrom + _interval + _lifetime).ToUnixTimeMilliseconds(),
    };
}
