using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>Malformed Parquet, bad paths and conflicting writes get one clear line; nothing is stored; the cluster keeps answering.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class BadInputTests(SharedClusterFixture fixture)
{
    // expected.tsv marks these two "lenient": Parquet.Net reads them consistently, so either outcome is right.
    private static readonly string[] Lenient = ["ARROW-GH-43605.parquet", "ARROW-GH-45185.parquet"];

    public static TheoryData<string> BadFiles()
    {
        var data = new TheoryData<string>();
        foreach (var row in TestData.Tsv("bad-parquet/expected.tsv").Where(r => !Lenient.Contains(r[0])))
        {
            data.Add(row[0]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Put_MalformedParquet_RejectedWithOneLineAndNothingStored(string name)
    {
        using var client = fixture.Cluster.CreateClient();
        var path = "/bad/" + Path.GetFileName(name);
        var blocksBefore = (await client.GetClusterReportAsync()).BlockCount;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // The empty fuzz file has neither a .parquet name nor magic bytes: only --parquet claims it is Parquet.
        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.PutAsync(TestData.BadParquet(name), path, new PutOptions(RequireParquet: true)));

        Assert.StartsWith("invalid Parquet file: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Null(await client.StatAsync(path));
        Assert.Equal(blocksBefore, (await client.GetClusterReportAsync()).BlockCount);
    }

    [Fact]
    public async Task Put_EmptyFileWithoutParquetName_StoredAsEmptyPlainFile()
    {
        using var client = fixture.Cluster.CreateClient();
        var empty = Path.Combine(Files.TempDirectory(), "empty");
        await File.WriteAllBytesAsync(empty, []);

        var put = await client.PutAsync(empty, "/bad/empty-plain", new PutOptions(Overwrite: true));

        Assert.False(put.IsParquet);
        Assert.Equal(0, (await client.StatAsync("/bad/empty-plain"))!.Length);
    }

    [Theory]
    [InlineData("relative/path", "not absolute")]
    [InlineData("/a/../b", "relative segments")]
    [InlineData("/a//b", "empty segment")]
    [InlineData("/a/b\0c", "forbidden character")]
    public async Task Put_BadPath_ClearError(string path, string expected)
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.PutAsync(TestData.Parquet("sort_columns.parquet"), path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_OverLongName_ClearError()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/" + new string('x', 300)));

        Assert.Contains("the limit is 255 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ExistingFileWithoutOverwrite_RefusedAndOriginalKept()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/conflict/file.parquet", new PutOptions(Overwrite: true));

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.PutAsync(TestData.Parquet("userdata1.parquet"), "/conflict/file.parquet"));

        Assert.Contains("File exists (use -f to overwrite)", error.Message, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(TestData.Parquet("sort_columns.parquet")).Length, (await client.StatAsync("/conflict/file.parquet"))!.Length);
    }

    [Fact]
    public async Task Put_MissingLocalFile_ClearError()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.PutAsync("/no/such/local/file.parquet", "/x.parquet"));

        Assert.Contains("No such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ReplicationAboveLiveNodes_ClearErrorAndNothingVisible()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/toomany.parquet", new PutOptions(Replication: 5)));

        Assert.Contains("replication 5 needs 5 live datanodes but only 3 are live", error.Message, StringComparison.Ordinal);
        Assert.Null(await client.StatAsync("/toomany.parquet"));
    }

    [Fact]
    public async Task Client_UnreachableNameNode_SaysSoInOneLine()
    {
        using var client = new DataLocalClient("http://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<NameNodeUnreachableException>(() => client.ListAsync("/"));

        Assert.Contains("cannot reach the namenode at http://127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }
}
