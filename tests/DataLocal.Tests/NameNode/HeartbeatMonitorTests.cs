using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.NameNode;

public sealed class HeartbeatMonitorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly BlockMap _blocks = new();
    private readonly DatanodeRegistry _registry;
    private readonly HeartbeatMonitor _monitor;

    public HeartbeatMonitorTests()
    {
        _registry = new DatanodeRegistry(_time);
        _monitor = new HeartbeatMonitor(_registry, _blocks, [], Options.Create(new NameNodeOptions { DeadNodeTimeout = TimeSpan.FromSeconds(10) }), _time, NullLogger<HeartbeatMonitor>.Instance);
    }

    public void Dispose() => _monitor.Dispose();

    [Fact]
    public void HeartbeatMonitor_NoHeartbeatForTimeout_MarksNodeDeadAndForgetsItsReplicas()
    {
        _registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        _blocks.AddBlock(1, GenerationStamps.None);
        _blocks.AddReplica(1, "dn1");

        _time.Advance(TimeSpan.FromSeconds(11));
        var dead = _monitor.CheckOnce();

        Assert.Equal("dn1", Assert.Single(dead).NodeId);
        Assert.Equal(DatanodeState.Dead, _registry.Find("dn1")!.State);
        Assert.Empty(_blocks.ReplicasOf(1));
    }

    [Fact]
    public void HeartbeatMonitor_RegularHeartbeats_NodeStaysLive()
    {
        _registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);

        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(_registry.Heartbeat("dn1", 100, 0, 100, 0));
            Assert.Empty(_monitor.CheckOnce());
        }
        Assert.Equal(DatanodeState.Live, _registry.Find("dn1")!.State);
    }

    [Fact]
    public void Heartbeat_FromDeadNode_AsksItToReregister()
    {
        _registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        _time.Advance(TimeSpan.FromSeconds(11));
        _monitor.CheckOnce();

        Assert.False(_registry.Heartbeat("dn1", 100, 0, 100, 0));
        _registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        Assert.Equal(DatanodeState.Live, _registry.Find("dn1")!.State);
    }

    [Fact]
    public void HeartbeatMonitor_NodeReRegistersWhileBeingDeclaredDead_KeepsItsReportedReplicas()
    {
        _registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        _blocks.AddBlock(1, GenerationStamps.None);
        _blocks.AddReplica(1, "dn1");
        _time.Advance(TimeSpan.FromSeconds(11));

        var declared = _monitor.DeclareSilentNodesDead();
        // Between the two phases the node comes back and reports its replicas, as its RPCs can.
        _registry.Register("dn1", "http://dn1", "/r", 100, 0, 100);
        _blocks.ApplyFullReport("dn1", [1]);
        _monitor.ForgetDeadNodes(declared);

        Assert.Equal(["dn1"], _blocks.ReplicasOf(1));
        Assert.Equal(DatanodeState.Live, _registry.Find("dn1")!.State);
    }
}
