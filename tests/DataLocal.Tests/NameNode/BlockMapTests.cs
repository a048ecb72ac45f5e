using DataLocal.NameNode.Blocks;

namespace DataLocal.Tests.NameNode;

public sealed class BlockMapTests
{
    private readonly BlockMap _map = new();

    [Fact]
    public void ApplyFullReport_UnknownBlocks_ReturnedForDeletion()
    {
        _map.AddBlock(1);

        var unknown = _map.ApplyFullReport("dn1", [1, 2]);

        Assert.Equal([2L], unknown);
        Assert.Equal(["dn1"], _map.ReplicasOf(1));
    }

    [Fact]
    public void ApplyFullReport_ReplicaMissingFromReport_Forgotten()
    {
        _map.AddBlock(1);
        _map.AddBlock(2);
        _map.ApplyFullReport("dn1", [1, 2]);

        _map.ApplyFullReport("dn1", [2]);

        Assert.Empty(_map.ReplicasOf(1));
        Assert.Equal(1, _map.ReplicaCountOn("dn1"));
    }

    [Fact]
    public void RemoveBlock_ReturnsNodesThatMustDeleteIt()
    {
        _map.AddBlock(1);
        _map.AddReplica(1, "dn1");
        _map.AddReplica(1, "dn2");

        Assert.Equal(["dn1", "dn2"], _map.RemoveBlock(1).Order());
        Assert.False(_map.IsKnown(1));
        Assert.False(_map.AddReplica(1, "dn3"));
    }
}
