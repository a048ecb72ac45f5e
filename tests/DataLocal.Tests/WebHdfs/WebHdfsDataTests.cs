using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DataLocal.Client.Writing;
using DataLocal.DataNode.Transfer;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.WebHdfs;

/// <summary>
/// OPEN and CREATE as WebHDFS does them: the namenode redirects (307) to a datanode's HTTP port, which
/// serves or takes the bytes; the datanode also answers plain Range requests for range-reading clients.
/// </summary>
[Collection(WebHdfsClusterDefinition.Name)]
public sealed class WebHdfsDataTests(WebHdfsClusterFixture fixture)
{
    private const int BlockSize = 1024 * 1024;

    // Three and a half blocks of bytes that differ at every offset a test looks at.
    private static readonly byte[] Content = [.. Enumerable.Range(0, (3 * BlockSize) + (BlockSize / 2)).Select(i => (byte)((i * 31) ^ (i >> 8)))];

    private async Task<string> PutContentAsync(string name)
    {
        var path = WebHdfsClusterFixture.Unique(name) + "/data.bin";
        var local = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(local, Content);
            using var client = fixture.Cluster.CreateClient();
            await client.PutAsync(local, path, new PutOptions(Replication: 2, BlockSize: BlockSize));
            return path;
        }
        finally
        {
            File.Delete(local);
        }
    }

    private async Task<byte[]> ReadStoredAsync(string path)
    {
        using var client = fixture.Cluster.CreateClient();
        using var bytes = new MemoryStream();
        await client.ReadToAsync(path, bytes);
        return bytes.ToArray();
    }

    private string DataNodeHttpAddressOf(string nodeId) =>
        fixture.Cluster.DataNodes.Select((d, i) => (d, i)).Single(x => fixture.Cluster.BlockStoreOf(x.i).NodeId == nodeId).d!.HttpAddress!;

    [Fact]
    public async Task Open_RedirectsToADatanodeHoldingTheBlockAtTheOffset_WhichServesThatRange()
    {
        var path = await PutContentAsync("open");
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        using var client = fixture.Cluster.CreateClient();
        var third = (await client.GetBlocksAsync(path))[2];
        var offset = (2 * BlockSize) + 100;
        var length = BlockSize + 5;

        var redirect = await http.GetAsync($"{fixture.Root}{path}?op=OPEN&offset={offset}&length={length}");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        using var bare = WebHdfsClusterFixture.Http(token: null);
        var data = await bare.GetAsync(location);

        Assert.Contains(third.Replicas, r => location.AbsoluteUri.StartsWith(DataNodeHttpAddressOf(r.NodeId) + "/webhdfs/v1/", StringComparison.Ordinal));
        Assert.Contains("delegation=", location.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal(Content.AsSpan(offset, length).ToArray(), await data.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Open_FollowedWholeAcrossBlocks_IsByteExact()
    {
        var path = await PutContentAsync("whole");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Cluster.AdminToken);

        var bytes = await http.GetByteArrayAsync($"{fixture.Root}{path}?op=OPEN");

        Assert.Equal(Content, bytes);
    }

    [Fact]
    public async Task Open_RangeHeader_Answers206WithContentRange_SuffixAndUnsatisfiableToo()
    {
        var path = await PutContentAsync("range");
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        var location = (await http.GetAsync($"{fixture.Root}{path}?op=OPEN")).Headers.Location!;

        async Task<HttpResponseMessage> RangeAsync(string range)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, location);
            request.Headers.TryAddWithoutValidation("Range", range);
            return await http.SendAsync(request);
        }
        var middle = await RangeAsync($"bytes={BlockSize - 10}-{BlockSize + 9}");
        var tail = await RangeAsync("bytes=-8");
        var beyond = await RangeAsync($"bytes={Content.Length}-");

        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal($"bytes {BlockSize - 10}-{BlockSize + 9}/{Content.Length}", middle.Content.Headers.ContentRange?.ToString());
        Assert.Equal(Content.AsSpan(BlockSize - 10, 20).ToArray(), await middle.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(Content[^8..], await tail.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{Content.Length}", beyond.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Open_SmallRangeOfABigBlock_MovesOnlyThoseBytesFromTheDatanodes()
    {
        var path = await PutContentAsync("smallrange");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Cluster.AdminToken);
        long SentByDatanodes() => fixture.Cluster.DataNodes.Sum(d => d!.Services.GetRequiredService<TransferCounter>().BlockBytesSent);
        var before = SentByDatanodes();

        var bytes = await http.GetByteArrayAsync($"{fixture.Root}{path}?op=OPEN&offset={BlockSize + 1000}&length=16");

        Assert.Equal(Content.AsSpan(BlockSize + 1000, 16).ToArray(), bytes);
        // The whole block would be a mebibyte; other tests of the collection run one at a time.
        Assert.InRange(SentByDatanodes() - before, 16, 64 * 1024);
    }

    [Fact]
    public async Task Open_Head_GivesLengthAndAcceptRanges_WithoutABody()
    {
        var path = await PutContentAsync("head");
        using var http = new HttpClient();

        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{fixture.Root}{path}?op=OPEN&delegation={Uri.EscapeDataString(fixture.Cluster.AdminToken)}"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Content.Length, head.Content.Headers.ContentLength);
        Assert.Contains("bytes", head.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Open_OnTheDatanode_MissingFileOrDirectory_Is404_AnotherUsersFileIs403()
    {
        var path = await PutContentAsync("dnerr");
        using (var admin = fixture.Cluster.CreateClient())
        {
            await admin.SetPermissionAsync(path, "600");
        }
        var (_, token) = await fixture.AddUserAsync();
        var dataNode = fixture.Cluster.DataNodes[0]!.HttpAddress;
        using var http = WebHdfsClusterFixture.Http(token);

        var missing = await http.GetAsync($"{dataNode}/webhdfs/v1/no/such?op=OPEN");
        var directory = await http.GetAsync($"{dataNode}/webhdfs/v1/?op=OPEN");
        var refused = await http.GetAsync($"{dataNode}/webhdfs/v1{path}?op=OPEN");
        var unauthenticated = await WebHdfsClusterFixture.Http(token: null).GetAsync($"{dataNode}/webhdfs/v1{path}?op=OPEN&user.name=admin");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("FileNotFoundException", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, directory.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("AccessControlException", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Create_TwoStepRedirect_StoresTheBytesWithTheReplicationAndBlockSizeAsked()
    {
        var path = WebHdfsClusterFixture.Unique("create") + "/new.bin";
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        using var client = fixture.Cluster.CreateClient();

        var first = await http.PutAsync($"{fixture.Root}{path}?op=CREATE&replication=3&blocksize={BlockSize}", null);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, first.StatusCode);
        Assert.Null(await client.StatAsync(path));
        var second = await http.PutAsync(first.Headers.Location, new ByteArrayContent(Content));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var stored = (await client.StatAsync(path))!;
        Assert.Equal(3, stored.Replication);
        Assert.Equal(BlockSize, stored.BlockSize);
        Assert.Equal(4, (await client.GetBlocksAsync(path)).Count);
        Assert.Equal(Content, await ReadStoredAsync(path));
    }

    [Fact]
    public async Task Create_ExistingFile_WithoutOverwriteIs403FileAlreadyExists_WithOverwriteReplacesIt()
    {
        var path = await PutContentAsync("overwrite");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Cluster.AdminToken);

        var refused = await http.PutAsync($"{fixture.Root}{path}?op=CREATE", new ByteArrayContent([1, 2, 3]));
        var replaced = await http.PutAsync($"{fixture.Root}{path}?op=CREATE&overwrite=true", new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("FileAlreadyExistsException", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        Assert.Equal([1, 2, 3], await ReadStoredAsync(path));
    }

    [Fact]
    public async Task Create_ParquetFile_IsValidatedAndSplitAtRowGroups_AsPutDoes()
    {
        var path = WebHdfsClusterFixture.Unique("parquet") + "/t.parquet";
        var bytes = await File.ReadAllBytesAsync(TestData.Parquet("alltypes_tiny_pages.parquet"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Cluster.AdminToken);
        using var client = fixture.Cluster.CreateClient();

        var created = await http.PutAsync($"{fixture.Root}{path}?op=CREATE", new ByteArrayContent(bytes));
        var truncated = await http.PutAsync($"{fixture.Root}{path}.bad?op=CREATE", new ByteArrayContent([.. bytes[..^100], .. bytes[^4..]]));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True((await client.StatAsync(path))!.IsParquet);
        Assert.True((await client.GetBlocksAsync(path)).Sum(b => b.RowCount) > 0);
        Assert.Equal(bytes, await ReadStoredAsync(path));
        Assert.Equal(HttpStatusCode.Forbidden, truncated.StatusCode);
        Assert.Null(await client.StatAsync(path + ".bad"));
    }

    [Fact]
    public async Task Create_NoRedirect_AnswersTheLocationInTheBody()
    {
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var response = await http.PutAsync($"{fixture.Root}{WebHdfsClusterFixture.Unique("noredirect")}/f?op=CREATE&noredirect=true", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var location = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Location").GetString();
        Assert.Contains("/webhdfs/v1/", location, StringComparison.Ordinal);
        Assert.Contains("op=CREATE", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_AddsTheBytesAtTheEnd()
    {
        var path = WebHdfsClusterFixture.Unique("append") + "/log.txt";
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Cluster.AdminToken);

        Assert.Equal(HttpStatusCode.Created, (await http.PutAsync($"{fixture.Root}{path}?op=CREATE", new ByteArrayContent("one\n"u8.ToArray()))).StatusCode);
        var appended = await http.PostAsync($"{fixture.Root}{path}?op=APPEND", new ByteArrayContent("two\n"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
        Assert.Equal("one\ntwo\n"u8.ToArray(), await ReadStoredAsync(path));
    }
}
