using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Placement;

namespace DataLocal.Tests.NameNode;

public sealed class ReplicaPlacementPolicyTests
{
    private const long Block = 64L << 20;
    private readonly ReplicaPlacementPolicy _policy = new(new Random(7));

    [Fact]
    public void Choose_ReturnsDistinctNodes()
    {
        var nodes = Nodes(("a", "/r"), ("b", "/r"), ("c", "/r"), ("d", "/r"));

        for (var i = 0; i < 50; i++)
        {
            var chosen = _policy.Choose(nodes, 3, Block, new HashSet<string>());
            Assert.Equal(3, chosen.Select(n => n.NodeId).Distinct().Count());
        }
    }

    [Fact]
    public void Choose_TwoRacks_SpreadsReplicasOverBoth()
    {
        var nodes = Nodes(("a", "/r1"), ("b", "/r1"), ("c", "/r1"), ("d", "/r2"));

        for (var i = 0; i < 50; i++)
        {
            var chosen = _policy.Choose(nodes, 2, Block, new HashSet<string>());
            Assert.Equal(2, chosen.Select(n => n.Rack).Distinct().Count());
        }
    }

    [Fact]
    public void Choose_NodeWithoutRoom_AvoidedWhileOthersHaveSpace()
    {
        var nodes = Nodes(("full", "/r"), ("b", "/r"), ("c", "/r"));
        nodes[0] = nodes[0] with { RemainingBytes = Block / 2 };

        for (var i = 0; i < 50; i++)
        {
            Assert.DoesNotContain(_policy.Choose(nodes, 2, Block, new HashSet<string>()), n => n.NodeId == "full");
        }
    }

    [Fact]
    public void Choose_ExcludedNode_NeverChosen()
    {
        var nodes = Nodes(("a", "/r"), ("b", "/r"), ("c", "/r"));

        var chosen = _policy.Choose(nodes, 3, Block, new HashSet<string> { "b" });

        Assert.Equal(["a", "c"], chosen.Select(n => n.NodeId).Order());
    }

    [Fact]
    public void Choose_WriterIsDatanode_FirstReplicaIsLocal()
    {
        var nodes = Nodes(("a", "/r"), ("b", "/r"), ("c", "/r"));

        Assert.Equal("c", _policy.Choose(nodes, 2, Block, new HashSet<string>(), writerNodeId: "c")[0].NodeId);
    }

    private static List<DatanodeDescriptor> Nodes(params (string Id, string Rack)[] nodes) =>
        [.. nodes.Select(n => new DatanodeDescriptor(n.Id, "http://" + n.Id, n.Rack) { RemainingBytes = 10 * Block, CapacityBytes = 20 * Block })];
}
