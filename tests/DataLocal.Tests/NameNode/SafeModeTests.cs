using DataLocal.NameNode.Blocks;

namespace DataLocal.Tests.NameNode;

public sealed class SafeModeTests
{
    private readonly BlockMap _blocks = new();

    [Fact]
    public void SafeMode_NoBlocks_IsOff() => Assert.False(new SafeMode(_blocks).IsOn);

    [Fact]
    public void SafeMode_BlocksNotYetReported_OnUntilTheyAre_ThenStaysOff()
    {
        _blocks.AddBlock(1, GenerationStamps.None);
        _blocks.AddBlock(2, GenerationStamps.None);
        var safeMode = new SafeMode(_blocks);

        Assert.True(safeMode.IsOn);
        _blocks.AddReplica(1, "a");
        Assert.True(safeMode.IsOn);
        _blocks.AddReplica(2, "a");
        Assert.False(safeMode.IsOn);
        _blocks.RemoveNode("a");
        Assert.False(safeMode.IsOn);
    }

    [Fact]
    public void SafeMode_EnteredByHand_StaysOnUntilLeft()
    {
        var safeMode = new SafeMode(_blocks);

        safeMode.Enter();
        var error = Assert.Throws<SafeModeException>(() => safeMode.CheckWritable("create /x"));
        safeMode.Leave();

        Assert.StartsWith("cannot create /x: the namenode is in safe mode. Safe mode is ON", error.Message, StringComparison.Ordinal);
        Assert.False(safeMode.IsOn);
    }
}
