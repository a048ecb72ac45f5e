using DataLocal.Common.Security;
using DataLocal.NameNode;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.Security;

/// <summary>
/// The namenode's rolling keys and a datanode's check of the tokens they sign, on a test clock:
/// expiry, key rolls, and who may use a token.
/// </summary>
public sealed class BlockTokenCheckTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly CallerIdentity Alice = new("alice", IsAdmin: false, IsClusterMember: false);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly BlockTokenKeys _keys;
    private readonly BlockTokenVerifier _datanode;

    public BlockTokenCheckTests()
    {
        _keys = new BlockTokenKeys(Options.Create(new NameNodeOptions { BlockTokenKeyUpdateInterval = Interval, BlockTokenLifetime = Lifetime }), _time);
        _datanode = new BlockTokenVerifier(_time);
        _datanode.SetKeys(_keys.Export());
    }

    [Fact]
    public void CheckRead_FreshToken_Accepted()
    {
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Read);

        _datanode.CheckRead(token, 7, Alice);
    }

    [Fact]
    public void CheckRead_AfterLifetime_RefusedAsExpired()
    {
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Read);

        _time.Advance(Lifetime + TimeSpan.FromMilliseconds(1));
        _datanode.SetKeys(_keys.Export());

        var error = Assert.Throws<BlockTokenException>(() => _datanode.CheckRead(token, 7, Alice));
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckRead_TokenOfKeyRolledOut_RefusedNamingTheKey()
    {
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Read);

        // Three rolls: the key that signed it has been previous and is gone, and the datanode hears so on a heartbeat.
        _time.Advance(3 * Interval);
        _datanode.SetKeys(_keys.Export());

        var error = Assert.Throws<BlockTokenException>(() => _datanode.CheckRead(token, 7, Alice));
        Assert.Contains("does not hold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_AfterRoll_SignedWithTheKeyDatanodesAlreadyHadAsNext()
    {
        // The datanode heard of the keys before the roll and not since: a token signed right after the roll still verifies.
        _time.Advance(Interval);

        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Read);

        _datanode.CheckRead(token, 7, Alice);
    }

    [Fact]
    public void CheckRead_TokenFromBeforeRoll_StillAcceptedUntilItExpires()
    {
        _time.Advance(Interval - TimeSpan.FromMinutes(1));
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Read);

        _time.Advance(TimeSpan.FromMinutes(2));
        _datanode.SetKeys(_keys.Export());

        _datanode.CheckRead(token, 7, Alice);
    }

    [Fact]
    public void Export_AfterRolls_HoldsPreviousCurrentAndNextOnly()
    {
        var first = _keys.Export();

        _time.Advance(5 * Interval);
        var later = _keys.Export();

        Assert.Equal(3, later.Keys.Count);
        Assert.DoesNotContain(later.Keys, k => first.Keys.Any(f => f.KeyId == k.KeyId));
        Assert.Contains(later.Keys, k => k.KeyId == later.CurrentKeyId);
    }

    [Fact]
    public void CheckRead_UsedByAnotherUser_Refused_ButAcceptedFromAClusterMember()
    {
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Read);

        var error = Assert.Throws<BlockTokenException>(() => _datanode.CheckRead(token, 7, new CallerIdentity("mallory", false, false)));

        Assert.Contains("another user than mallory", error.Message, StringComparison.Ordinal);
        _datanode.CheckRead(token, 7, CallerIdentity.ClusterMember);
    }

    [Fact]
    public void CheckWrite_WrongGenerationStamp_Refused()
    {
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Write);

        var error = Assert.Throws<BlockTokenException>(() => _datanode.CheckWrite(token, 7, 100, Alice));

        Assert.Contains("generation stamp 99, not 100", error.Message, StringComparison.Ordinal);
        _datanode.CheckWrite(token, 7, 99, Alice);
    }

    [Fact]
    public void CheckCopy_WriteToken_Refused()
    {
        var token = _keys.Issue("alice", 7, 99, BlockAccessMode.Write);

        Assert.Throws<BlockTokenException>(() => _datanode.CheckCopy(token, 7));
    }

    [Fact]
    public void Check_BeforeAnyKeyArrived_Refused()
    {
        var fresh = new BlockTokenVerifier(_time);

        var error = Assert.Throws<BlockTokenException>(() => fresh.CheckRead(_keys.Issue("alice", 7, 99, BlockAccessMode.Read), 7, Alice));

        Assert.Contains("does not hold", error.Message, StringComparison.Ordinal);
    }
}
