using DataLocal.NameNode.Datanodes;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.NameNode;

public sealed class DatanodeRegistryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Find_ThenHeartbeatAndDeath_DescriptorAlreadyHandedOutDoesNotChange()
    {
        var registry = new DatanodeRegistry(_time);
        registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        var seen = registry.Find("dn1")!;
        var seenHeartbeat = seen.LastHeartbeat;

        _time.Advance(TimeSpan.FromSeconds(5));
        registry.Heartbeat("dn1", 100, 50, 50, 2);
        _time.Advance(TimeSpan.FromSeconds(11));
        registry.MarkSilentNodesDead(TimeSpan.FromSeconds(10));

        Assert.Equal(seenHeartbeat, seen.LastHeartbeat);
        Assert.Equal(100, seen.RemainingBytes);
        Assert.Equal(DatanodeState.Live, seen.State);
        Assert.Equal(DatanodeState.Dead, registry.Find("dn1")!.State);
    }

    [Fact]
    public void Register_Again_StartsANewGeneration()
    {
        var registry = new DatanodeRegistry(_time);
        var first = registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        var second = registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);

        Assert.True(second.Generation > first.Generation);
    }
}
