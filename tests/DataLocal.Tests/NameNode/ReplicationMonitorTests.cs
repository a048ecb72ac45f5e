using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.NameNode;

public sealed class ReplicationMonitorTests : IDisposable
{
    private static readonly string[] Nodes = ["a", "b", "c"];
    private readonly FakeTimeProvider _time = new();
    private readonly MetadataStore _store = new(Files.TempDirectory());
    private readonly BlockMap _blocks = new();
    private readonly DatanodeRegistry _registry;
    private readonly PendingReplications _replications;
    private readonly PendingDeletions _deletions = new();
    private readonly UnknownReplicas _unknown = new();
    private readonly SafeMode _safeMode;
    private readonly NamespaceManager _namespace;
    private readonly ReplicationMonitor _monitor;

    public ReplicationMonitorTests()
    {
        _registry = new DatanodeRegistry(_time);
        _replications = new PendingReplications(_time);
        _safeMode = new SafeMode(_blocks);
        var ns = _namespace = new NamespaceManager(_store, _time);
        // A second file wants a replica on every node, so no node is free to take a copy of it.
        ns.CommitFile(new INodeRecord { Path = "/everywhere", Replication = 3, Blocks = [new BlockRecord { BlockId = 8, Length = 100 }] }, overwrite: false);
        _blocks.AddBlock(8, GenerationStamps.None);
        _blocks.Expect(8, 3, 100);
        _blocks.AddReplica(8, "a");
        _blocks.AddReplica(8, "b");
        _blocks.AddReplica(8, "c");
        ns.CommitFile(new INodeRecord { Path = "/f", Replication = 2, Blocks = [new BlockRecord { BlockId = 7, Length = 100 }] }, overwrite: false);
        _blocks.AddBlock(7, GenerationStamps.None);
        _blocks.Expect(7, 2, 100);
        foreach (var node in Nodes)
        {
            _registry.Register(node, "http://" + node, "/default-rack", 1000, 0, 1000);
        }
        _monitor = new ReplicationMonitor(_blocks, _registry, new ReplicaPlacementPolicy(new Random(3)), _replications, _deletions, _unknown,
            _safeMode, Options.Create(new NameNodeOptions()), _time, NullLogger<ReplicationMonitor>.Instance);
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _store.Dispose();
    }

    [Fact]
    public void ScanOnce_BlockDownToOneReplica_OrdersOneCopyFromTheHolderToAnotherNode()
    {
        _blocks.AddReplica(7, "a");

        Assert.Equal((1, 0), _monitor.ScanOnce());

        var work = Assert.Single(_replications.Take("a"));
        Assert.Equal(7, work.BlockId);
        var target = Assert.Single(work.Targets);
        Assert.NotEqual("a", target.NodeId);
    }

    [Fact]
    public void ScanOnce_NothingChangedSinceLastScan_LooksAtNoBlock()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _monitor.ScanOnce();
        Assert.Equal(2, _monitor.BlocksExaminedLastScan);

        Assert.Equal((0, 0), _monitor.ScanOnce());
        Assert.Equal(0, _monitor.BlocksExaminedLastScan);
    }

    [Fact]
    public void ScanOnce_ReplicaLostAfterQuietScans_CopyOrderedAtTheNextScan()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _monitor.ScanOnce();
        _monitor.ScanOnce();

        _blocks.RemoveReplica(7, "b");

        Assert.Equal((1, 0), _monitor.ScanOnce());
        Assert.Equal(7, Assert.Single(_replications.Take("a")).BlockId);
    }

    [Fact]
    public void ScanOnce_BlockOfUncommittedFile_NeverCopied()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _blocks.AddBlock(9, GenerationStamps.None);
        _blocks.AddReplica(9, "a");

        Assert.Equal((0, 0), _monitor.ScanOnce());
        _blocks.Expect(9, 2, 100);
        Assert.Equal((1, 0), _monitor.ScanOnce());
    }

    [Fact]
    public void ScanOnce_NodeComesIntoService_BlockThatWaitedForNodesGetsItsCopy()
    {
        _blocks.AddReplica(7, "a");
        _time.Advance(TimeSpan.FromSeconds(20));
        _registry.Heartbeat("a", 1000, 0, 1000, 0);
        _registry.MarkSilentNodesDead(TimeSpan.FromSeconds(10));
        // With only a in service, one replica is all the cluster can hold: nothing to do yet.
        Assert.Equal((0, 0), _monitor.ScanOnce());
        Assert.Equal((0, 0), _monitor.ScanOnce());

        _registry.Register("b", "http://b", "/default-rack", 1000, 0, 1000);

        Assert.Equal((1, 0), _monitor.ScanOnce());
        Assert.Equal("b", Assert.Single(Assert.Single(_replications.Take("a")).Targets).NodeId);
    }

    [Fact]
    public void ScanOnce_CopyInFlight_NotOrderedTwiceUntilItTimesOut()
    {
        _blocks.AddReplica(7, "a");
        _monitor.ScanOnce();

        Assert.Equal((0, 0), _monitor.ScanOnce());
        _time.Advance(ReplicationMonitor.CopyTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal((1, 0), _monitor.ScanOnce());
    }

    [Fact]
    public void ScanOnce_BlockDeletedBeforeItsCopyWasSent_CopyOrderIsDropped()
    {
        _blocks.AddReplica(7, "a");
        _monitor.ScanOnce();

        _namespace.Delete("/f", recursive: false);
        _blocks.RemoveBlock(7);
        _monitor.ScanOnce();

        Assert.Empty(_replications.Take("a"));
        Assert.Equal(0, _replications.InFlightCount);
    }

    [Fact]
    public void ScanOnce_SourceDiedBeforeSendingItsCopy_OrderIsDroppedAndGivenToAnotherHolderAtOnce()
    {
        _blocks.AddReplica(7, "a");
        Assert.Equal((1, 0), _monitor.ScanOnce());
        // b takes a replica another way (a client's pipeline), then a dies with its order unsent.
        _blocks.AddReplica(7, "b");
        _blocks.RemoveReplica(7, "a");
        _time.Advance(TimeSpan.FromSeconds(20));
        _registry.Heartbeat("b", 1000, 0, 1000, 0);
        _registry.Heartbeat("c", 1000, 0, 1000, 0);
        _registry.MarkSilentNodesDead(TimeSpan.FromSeconds(10));

        Assert.Equal((1, 0), _monitor.ScanOnce());

        Assert.Empty(_replications.Take("a"));
        Assert.Equal("c", Assert.Single(Assert.Single(_replications.Take("b")).Targets).NodeId);
    }

    [Fact]
    public void ScanOnce_ReplicaOnDeadNode_DoesNotCount()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _time.Advance(TimeSpan.FromSeconds(20));
        _registry.Heartbeat("a", 1000, 0, 1000, 0);
        _registry.Heartbeat("c", 1000, 0, 1000, 0);
        _registry.MarkSilentNodesDead(TimeSpan.FromSeconds(10));

        _monitor.ScanOnce();

        Assert.Equal("c", Assert.Single(Assert.Single(_replications.Take("a")).Targets).NodeId);
    }

    [Fact]
    public void ScanOnce_DecommissioningNode_ItsReplicasCopiedOffThenItIsDecommissioned()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _registry.SetAdminState("a", AdminState.Decommissioning);

        _monitor.ScanOnce();
        var work = Assert.Single(_replications.Take("a").Concat(_replications.Take("b")));
        Assert.Equal("c", Assert.Single(work.Targets).NodeId);
        Assert.Equal(AdminState.Decommissioning, _registry.Find("a")!.AdminState);

        _blocks.AddReplica(7, "c");
        _monitor.ScanOnce();

        Assert.Equal(AdminState.Decommissioned, _registry.Find("a")!.AdminState);
    }

    [Fact]
    public void ScanOnce_DecommissioningNodeHoldsTheOnlyCopyAndNoNodeCanTakeIt_StaysDecommissioning()
    {
        _blocks.AddReplica(7, "a");
        foreach (var node in Nodes)
        {
            _registry.SetAdminState(node, AdminState.Decommissioning);
        }

        _monitor.ScanOnce();

        Assert.Equal(AdminState.Decommissioning, _registry.Find("a")!.AdminState);
    }

    [Fact]
    public void ScanOnce_OverReplicated_DeletesTheExtraReplica()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _blocks.AddReplica(7, "c");

        Assert.Equal((0, 1), _monitor.ScanOnce());

        Assert.Equal(2, _blocks.ReplicasOf(7).Count);
        var deleted = Nodes.Single(n => _deletions.Take(n).Count == 1);
        Assert.DoesNotContain(deleted, _blocks.ReplicasOf(7));
    }

    [Fact]
    public void ScanOnce_EveryReplicaCorrupt_NoneDeletedAndNothingCopied()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _blocks.MarkCorrupt(7, "a");
        _blocks.MarkCorrupt(7, "b");

        Assert.Equal((0, 0), _monitor.ScanOnce());

        Assert.All(Nodes, n => Assert.Empty(_deletions.Take(n)));
        Assert.Equal(["a", "b"], _blocks.CorruptReplicasOf(7).Order());
    }

    [Fact]
    public void ScanOnce_OneGoodOneCorrupt_CopiesTheGoodReplicaToAFreeNode_CorruptOneKeptMeanwhile()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _blocks.MarkCorrupt(7, "b");

        Assert.Equal((1, 0), _monitor.ScanOnce());

        Assert.Equal("c", Assert.Single(Assert.Single(_replications.Take("a")).Targets).NodeId);
        Assert.Empty(_deletions.Take("b"));
    }

    [Fact]
    public void ScanOnce_FullReplicationOfGoodReplicasElsewhere_CorruptReplicaDeleted()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "c");
        _blocks.AddReplica(7, "b");
        _blocks.MarkCorrupt(7, "b");

        Assert.Equal((0, 1), _monitor.ScanOnce());

        Assert.Equal([7L], _deletions.Take("b"));
        Assert.Empty(_blocks.CorruptReplicasOf(7));
    }

    [Fact]
    public void ScanOnce_NoFreeNodeForACopy_CopyGoesToTheCorruptHolderToReplaceItsReplica()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _blocks.MarkCorrupt(8, "b");
        _blocks.MarkCorrupt(8, "c");

        _monitor.ScanOnce();

        var work = Assert.Single(_replications.Take("a"));
        Assert.Equal(8, work.BlockId);
        Assert.Equal(["b", "c"], work.Targets.Select(t => t.NodeId).Order());
        Assert.All(Nodes, n => Assert.Empty(_deletions.Take(n)));
    }

    [Fact]
    public void ScanOnce_SafeModeLeft_UnknownReplicasKeptDuringItAreDeleted()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _unknown.Add("c", LegacyReplicas.Of(99));

        Assert.Equal((0, 1), _monitor.ScanOnce());

        Assert.Equal([99L], _deletions.Take("c"));
        Assert.Equal(0, _unknown.Count);
    }

    [Fact]
    public void ScanOnce_SafeModeLeft_ReplicaKeptDuringItWithAnotherLength_DeletedNotBelieved()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _unknown.Add("c", [new ReportedReplica(7, 99, GenerationStamps.None)]);

        _monitor.ScanOnce();

        Assert.Equal([7L], _deletions.Take("c"));
        Assert.Equal(["a", "b"], _blocks.ReplicasOf(7).Order());
    }

    [Fact]
    public void ScanOnce_InSafeMode_UnknownReplicasStayKept()
    {
        _blocks.AddReplica(7, "a");
        _blocks.AddReplica(7, "b");
        _unknown.Add("c", LegacyReplicas.Of(99));
        _safeMode.Enter();

        Assert.Equal((0, 0), _monitor.ScanOnce());

        Assert.Empty(_deletions.Take("c"));
        Assert.Equal(1, _unknown.Count);
    }
}
