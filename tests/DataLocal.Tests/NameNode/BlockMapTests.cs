using DataLocal.NameNode.Blocks;

namespace DataLocal.Tests.NameNode;

public sealed class BlockMapTests
{
    private readonly BlockMap _map = new();

    [Fact]
    public void ApplyFullReport_UnknownBlocks_ReturnedForDeletion()
    {
        _map.AddBlock(1, GenerationStamps.None);

        var unknown = _map.ApplyFullReport("dn1", [1, 2]);

        Assert.Equal([2L], unknown);
        Assert.Equal(["dn1"], _map.ReplicasOf(1));
    }

    [Fact]
    public void ApplyFullReport_ReplicaMissingFromReport_Forgotten()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddBlock(2, GenerationStamps.None);
        _map.ApplyFullReport("dn1", [1, 2]);

        _map.ApplyFullReport("dn1", [2]);

        Assert.Empty(_map.ReplicasOf(1));
        Assert.Equal(1, _map.ReplicaCountOn("dn1"));
    }

    [Fact]
    public void RemoveBlock_ReturnsNodesThatMustDeleteIt()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddReplica(1, "dn1");
        _map.AddReplica(1, "dn2");

        Assert.Equal(["dn1", "dn2"], _map.RemoveBlock(1).Order());
        Assert.False(_map.IsKnown(1));
        Assert.False(_map.AddReplica(1, "dn3"));
    }

    [Fact]
    public void MarkCorrupt_ReplicaKeptApart_NotServedNotCountedButNotForgotten()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddReplica(1, "dn1");
        _map.AddReplica(1, "dn2");

        Assert.True(_map.MarkCorrupt(1, "dn1"));

        Assert.Equal(["dn2"], _map.ReplicasOf(1));
        Assert.Equal(["dn1"], _map.CorruptReplicasOf(1));
        Assert.Equal(1, _map.ReplicaCountOn("dn1"));
        Assert.Equal(new CorruptionCounts(1, 1, 0), _map.CorruptionCounts());
    }

    [Fact]
    public void MarkCorrupt_EveryReplica_BlockCountsAsCorruptAndStillReportedForSafeMode()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddReplica(1, "dn1");
        _map.MarkCorrupt(1, "dn1");

        Assert.Equal(new CorruptionCounts(1, 1, 1), _map.CorruptionCounts());
        Assert.Equal((1, 1), _map.ReportedCounts());
    }

    [Fact]
    public void ApplyFullReport_ReplicaStillReported_StaysCorrupt_FlaggedByTheNode_BecomesCorrupt()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddBlock(2, GenerationStamps.None);
        _map.ApplyFullReport("dn1", [1, 2]);
        _map.MarkCorrupt(1, "dn1");

        _map.ApplyFullReport("dn1", [1, 2], new HashSet<long> { 2 });

        Assert.Empty(_map.ReplicasOf(1));
        Assert.Empty(_map.ReplicasOf(2));
        Assert.Equal(["dn1"], _map.CorruptReplicasOf(1));
        Assert.Equal(["dn1"], _map.CorruptReplicasOf(2));
    }

    [Fact]
    public void AddReplica_FreshCopyOverACorruptReplica_CountsAsGood()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddReplica(1, "dn1");
        _map.MarkCorrupt(1, "dn1");

        _map.AddReplica(1, "dn1");

        Assert.Equal(["dn1"], _map.ReplicasOf(1));
        Assert.Empty(_map.CorruptReplicasOf(1));
    }

    [Fact]
    public void RemoveNode_ForgetsItsCorruptReplicasToo()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddReplica(1, "dn1");
        _map.MarkCorrupt(1, "dn1");

        _map.RemoveNode("dn1");

        Assert.Empty(_map.CorruptReplicasOf(1));
        Assert.Equal(new CorruptionCounts(0, 0, 0), _map.CorruptionCounts());
    }

    [Fact]
    public void RemoveBlock_CorruptHoldersMustDeleteItToo()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.AddReplica(1, "dn1");
        _map.AddReplica(1, "dn2");
        _map.MarkCorrupt(1, "dn2");

        Assert.Equal(["dn1", "dn2"], _map.RemoveBlock(1).Order());
    }

    [Fact]
    public void Check_StampedBlock_MatchesOnlyItsStamp_AndOnceCommittedItsLength()
    {
        _map.AddBlock(1, 4242);

        Assert.Equal(ReplicaCheck.Matches, _map.Check(new ReportedReplica(1, 7, 4242)));
        Assert.Equal(ReplicaCheck.Mismatch, _map.Check(new ReportedReplica(1, 7, 4243)));
        Assert.Equal(ReplicaCheck.Mismatch, _map.Check(new ReportedReplica(1, 7, GenerationStamps.None)));
        _map.Expect(1, 2, 100);
        Assert.Equal(ReplicaCheck.Matches, _map.Check(new ReportedReplica(1, 100, 4242)));
        Assert.Equal(ReplicaCheck.Mismatch, _map.Check(new ReportedReplica(1, 7, 4242)));
        Assert.Equal(ReplicaCheck.UnknownBlock, _map.Check(new ReportedReplica(2, 100, 4242)));
    }

    [Fact]
    public void Check_BlockRecordedWithoutStamp_AcceptsOnlyAStamplessReplicaOfTheCommittedLength()
    {
        _map.AddBlock(1, GenerationStamps.None);
        _map.Expect(1, 2, 100);

        Assert.Equal(ReplicaCheck.Matches, _map.Check(new ReportedReplica(1, 100, GenerationStamps.None)));
        Assert.Equal(ReplicaCheck.Mismatch, _map.Check(new ReportedReplica(1, 99, GenerationStamps.None)));
        Assert.Equal(ReplicaCheck.Mismatch, _map.Check(new ReportedReplica(1, 100, 17)));
    }

    [Fact]
    public void AddNewBlock_StampsAreNonZeroAndDifferent()
    {
        var stamps = Enumerable.Range(1, 1000).Select(id => _map.AddNewBlock(id)).ToList();

        Assert.All(stamps, s => Assert.True(s > 0));
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal(stamps[0], _map.GenerationStampOf(1));
    }
}
