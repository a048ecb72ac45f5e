using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Paths;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Common;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>Through the real client and namenode: names are byte-exact, and so they stay after a restart.</summary>
public sealed class ExactPathTests
{
    [Fact]
    public async Task Put_SpacesCaseAndLongestPath_EachItsOwnFile_AcrossNameNodeRestart()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();
        var work = Files.TempDirectory();
        var keep = Files.Random(work, 1000, seed: 1);
        var other = Files.Random(work, 2000, seed: 2);
        var longest = DataLocalPathTests.LongPath(DataLocalPath.MaxPathLength);
        await client.PutAsync(keep, "/d/keep.txt");
        await client.PutAsync(keep, "/c/Case.txt");

        await client.PutAsync(other, "/ ");
        await client.PutAsync(other, "/d/keep.txt ");
        await client.PutAsync(other, "/c/CASE.TXT");
        await client.PutAsync(other, longest);
        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.PutAsync(other, "/c/Case.txt"));
        await cluster.RestartNameNodeAsync();
        await cluster.WaitForLiveDataNodesAsync(1);
        using var after = cluster.CreateClient();

        Assert.Contains("File exists", refused.Message, StringComparison.Ordinal);
        Assert.True((await after.StatAsync("/"))!.IsDirectory);
        Assert.Equal(["/ ", "/c", "/d", longest[..(DataLocalPath.MaxSegmentLength + 1)]], (await after.ListAsync("/")).Select(e => e.Path).Order(StringComparer.Ordinal));
        await after.MkdirsAsync("/x", parents: false);
        await AssertContentAsync(after, "/d/keep.txt", keep);
        await AssertContentAsync(after, "/c/Case.txt", keep);
        await AssertContentAsync(after, "/ ", other);
        await AssertContentAsync(after, "/d/keep.txt ", other);
        await AssertContentAsync(after, "/c/CASE.TXT", other);
        await AssertContentAsync(after, longest, other);
    }

    [Fact]
    public async Task Put_PathOneByteOverTheLimit_OneLineErrorNamingTheLimit()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 10);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.PutAsync(local, DataLocalPathTests.LongPath(DataLocalPath.MaxPathLength) + "x"));

        Assert.Contains($"the limit is {DataLocalPath.MaxPathLength} bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(await client.ListAsync("/"));
    }

    private static async Task AssertContentAsync(DataLocalClient client, string path, string expectedLocalFile)
    {
        using var output = new MemoryStream();
        await client.ReadToAsync(path, output);
        Assert.Equal(await File.ReadAllBytesAsync(expectedLocalFile), output.ToArray());
    }
}
