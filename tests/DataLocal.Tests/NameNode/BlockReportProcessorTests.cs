using DataLocal.NameNode.Blocks;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLocal.Tests.NameNode;

public sealed class BlockReportProcessorTests
{
    private static readonly HashSet<long> NoneCorrupt = [];
    private readonly BlockMap _blocks = new();
    private readonly PendingDeletions _deletions = new();
    private readonly UnknownReplicas _unknown = new();
    private readonly SafeMode _safeMode;
    private readonly BlockReportProcessor _reports;

    public BlockReportProcessorTests()
    {
        _safeMode = new SafeMode(_blocks);
        _reports = new BlockReportProcessor(_blocks, _deletions, _unknown, _safeMode, NullLogger<BlockReportProcessor>.Instance);
        _blocks.AddBlock(1, GenerationStamps.None);
    }

    [Fact]
    public void ApplyFullReport_InSafeMode_UnknownBlocksKeptAndCounted_PendingDeletionsHeldBack()
    {
        _safeMode.Enter();
        _deletions.Add("dn1", 1);

        var delete = _reports.ApplyFullReport("dn1", LegacyReplicas.Of(1, 2, 3), NoneCorrupt);

        Assert.Empty(delete);
        Assert.Equal(2, _unknown.Count);
        Assert.Equal([1L], _deletions.Take("dn1"));
    }

    [Fact]
    public void ApplyFullReport_OutOfSafeMode_UnknownBlocksReturnedForDeletion()
    {
        _safeMode.Leave();

        var delete = _reports.ApplyFullReport("dn1", LegacyReplicas.Of(1, 2), NoneCorrupt);

        Assert.Equal([2L], delete);
        Assert.Equal(0, _unknown.Count);
    }

    [Fact]
    public void ApplyIncrementalReport_InSafeMode_UnknownReceivedBlockKept()
    {
        _safeMode.Enter();

        Assert.Empty(_reports.ApplyIncrementalReport("dn1", LegacyReplicas.Of(5), [], []));
        Assert.Equal(1, _unknown.Count);
    }

    [Fact]
    public void ApplyIncrementalReport_CorruptReplica_MarkedCorruptButNeitherForgottenNorDeleted()
    {
        _reports.ApplyIncrementalReport("dn1", LegacyReplicas.Of(1), [], []);

        var delete = _reports.ApplyIncrementalReport("dn1", [], [], [1]);

        Assert.Empty(delete);
        Assert.Empty(_blocks.ReplicasOf(1));
        Assert.Equal(["dn1"], _blocks.CorruptReplicasOf(1));
        Assert.Empty(_deletions.Take("dn1"));
    }

    [Fact]
    public void ApplyFullReport_ReplicaWithAnotherStamp_NotCounted_OnlyItsNodeToldToDelete()
    {
        _safeMode.Leave();
        _blocks.AddBlock(10, 555);
        _reports.ApplyFullReport("dn1", [new ReportedReplica(10, 100, 555)], NoneCorrupt);

        var delete = _reports.ApplyFullReport("dn2", [new ReportedReplica(10, 100, 556)], NoneCorrupt);

        Assert.Equal([10L], delete);
        Assert.Equal(["dn1"], _blocks.ReplicasOf(10));
        Assert.Empty(_blocks.CorruptReplicasOf(10));
        Assert.Empty(_deletions.Take("dn1"));
    }

    [Fact]
    public void ApplyIncrementalReport_StamplessReplicaOfAStampedBlock_NotCounted_ToldToDelete()
    {
        _safeMode.Leave();
        _blocks.AddBlock(10, 555);

        var delete = _reports.ApplyIncrementalReport("dn1", [new ReportedReplica(10, 100, GenerationStamps.None)], [], []);

        Assert.Equal([10L], delete);
        Assert.Empty(_blocks.ReplicasOf(10));
    }

    [Fact]
    public void ApplyFullReport_CommittedBlock_ReplicaOfAnotherLength_NotCounted_ToldToDelete()
    {
        _safeMode.Leave();
        _blocks.AddBlock(10, 555);
        _blocks.Expect(10, 2, 100);

        var delete = _reports.ApplyFullReport("dn1", [new ReportedReplica(10, 99, 555)], NoneCorrupt);

        Assert.Equal([10L], delete);
        Assert.Empty(_blocks.ReplicasOf(10));
    }

    [Fact]
    public void ApplyFullReport_ReplicaNotBelievedFlaggedCorrupt_NeitherCountedNorRecordedAsCorrupt()
    {
        _safeMode.Leave();
        _blocks.AddBlock(10, 555);

        var delete = _reports.ApplyFullReport("dn1", [new ReportedReplica(10, 100, 1)], new HashSet<long> { 10 });

        Assert.Equal([10L], delete);
        Assert.Empty(_blocks.ReplicasOf(10));
        Assert.Empty(_blocks.CorruptReplicasOf(10));
    }

    [Fact]
    public void ApplyFullReport_InSafeMode_ReplicaWithAnotherStamp_KeptUncountedNotDeleted()
    {
        _safeMode.Enter();
        _blocks.AddBlock(10, 555);

        var delete = _reports.ApplyFullReport("dn1", [new ReportedReplica(10, 100, 556)], NoneCorrupt);

        Assert.Empty(delete);
        Assert.Empty(_blocks.ReplicasOf(10));
        Assert.Equal(1, _unknown.Count);
    }

    [Fact]
    public void MarkCorrupt_NodeHoldsNoReplicaOfTheBlock_ChangesNothing()
    {
        _reports.ApplyIncrementalReport("dn1", LegacyReplicas.Of(1), [], []);

        _reports.MarkCorrupt(1, "dn-stranger");

        Assert.Equal(["dn1"], _blocks.ReplicasOf(1));
        Assert.Empty(_blocks.CorruptReplicasOf(1));
    }
}
