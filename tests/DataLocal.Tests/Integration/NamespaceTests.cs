using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>mkdir, ls, mv, rm and stat behave as `hdfs dfs` users expect.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class NamespaceTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Mkdirs_WithParents_CreatesEveryLevel()
    {
        using var client = fixture.Cluster.CreateClient();

        await client.MkdirsAsync("/ns1/a/b/c", parents: true);

        Assert.True((await client.StatAsync("/ns1/a/b"))!.IsDirectory);
        Assert.Single(await client.ListAsync("/ns1/a/b"));
    }

    [Fact]
    public async Task Mkdirs_WithoutParents_MissingParentIsAnError()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.MkdirsAsync("/ns2/missing/child", parents: false));

        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_FileIntoExistingDirectory_MovesUnderItsName()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/ns3/f.parquet", new PutOptions(Overwrite: true));
        await client.MkdirsAsync("/ns3/dir", parents: true);

        await client.RenameAsync("/ns3/f.parquet", "/ns3/dir");

        Assert.Null(await client.StatAsync("/ns3/f.parquet"));
        Assert.NotNull(await client.StatAsync("/ns3/dir/f.parquet"));
        using var output = new MemoryStream();
        await client.ReadToAsync("/ns3/dir/f.parquet", output);
        Assert.Equal(File.ReadAllBytes(TestData.Parquet("sort_columns.parquet")), output.ToArray());
    }

    [Fact]
    public async Task Rename_Directory_MovesItsWholeSubtree()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/ns4/src/deep/f.parquet", new PutOptions(Overwrite: true));

        await client.RenameAsync("/ns4/src", "/ns4/dst");

        Assert.NotNull(await client.StatAsync("/ns4/dst/deep/f.parquet"));
        Assert.Null(await client.StatAsync("/ns4/src"));
    }

    [Fact]
    public async Task Delete_NonEmptyDirectoryWithoutRecursive_Refused()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/ns5/f.parquet", new PutOptions(Overwrite: true));

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.DeleteAsync("/ns5", recursive: false));

        Assert.Contains("Directory is not empty", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await client.StatAsync("/ns5/f.parquet"));
    }

    [Fact]
    public async Task Delete_Recursive_RemovesFilesAndTheirReplicas()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("userdata1.parquet"), "/ns6/f.parquet", new PutOptions(Overwrite: true));
        var blockIds = (await client.GetBlocksAsync("/ns6/f.parquet")).Select(b => b.BlockId).ToList();

        var deleted = await client.DeleteAsync("/ns6", recursive: true);

        Assert.Equal(1, deleted);
        Assert.Null(await client.StatAsync("/ns6"));
        await Eventually.TrueAsync(
            () => Enumerable.Range(0, 3).All(i => blockIds.All(id => !fixture.Cluster.BlockStoreOf(i).Contains(id))),
            "replicas of the deleted file to be removed from every datanode");
    }

    [Fact]
    public async Task List_RecursiveListing_IncludesNestedFiles()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/ns7/a/b/f.parquet", new PutOptions(Overwrite: true));

        var entries = await client.ListAsync("/ns7", recursive: true);

        Assert.Equal(["/ns7/a", "/ns7/a/b", "/ns7/a/b/f.parquet"], entries.Select(e => e.Path));
    }
}
