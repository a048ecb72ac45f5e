using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.NameNode;

public sealed class NamespaceManagerTests
{
    private readonly string _directory = Files.TempDirectory();

    [Fact]
    public void CommitFile_SurvivesReopeningTheDatabase()
    {
        using (var store = new MetadataStore(_directory))
        {
            var ns = new NamespaceManager(store, TimeProvider.System);
            ns.CommitFile(new INodeRecord { Path = "/a/b/f", Length = 10, Blocks = [new BlockRecord { BlockId = 1, Length = 10 }] }, overwrite: false);
        }

        using var reopened = new MetadataStore(_directory);
        var file = new NamespaceManager(reopened, TimeProvider.System).Get("/a/b/f");

        Assert.Equal(10, file.Length);
        Assert.Equal(1, Assert.Single(file.Blocks).BlockId);
        Assert.True(reopened.Find("/a/b")!.IsDirectory);
    }

    [Fact]
    public void CommitFile_Overwrite_ReturnsReplacedBlocks()
    {
        using var store = new MetadataStore(_directory);
        var ns = new NamespaceManager(store, TimeProvider.System);
        ns.CommitFile(new INodeRecord { Path = "/f", Blocks = [new BlockRecord { BlockId = 1 }] }, overwrite: false);

        var replaced = ns.CommitFile(new INodeRecord { Path = "/f", Blocks = [new BlockRecord { BlockId = 2 }] }, overwrite: true);

        Assert.Equal([1L], replaced);
    }

    [Fact]
    public void CheckCreatable_ParentIsAFile_Refused()
    {
        using var store = new MetadataStore(_directory);
        var ns = new NamespaceManager(store, TimeProvider.System);
        ns.CommitFile(new INodeRecord { Path = "/f" }, overwrite: false);

        var error = Assert.Throws<NamespaceException>(() => ns.CheckCreatable("/f/child", overwrite: false));

        Assert.Equal(NamespaceError.NotADirectory, error.Error);
    }

    [Fact]
    public void Rename_DirectoryIntoItself_Refused()
    {
        using var store = new MetadataStore(_directory);
        var ns = new NamespaceManager(store, TimeProvider.System);
        ns.Mkdirs("/d/e", parents: true);

        Assert.Throws<NamespaceException>(() => ns.Rename("/d", "/d/e/x"));
    }
}
