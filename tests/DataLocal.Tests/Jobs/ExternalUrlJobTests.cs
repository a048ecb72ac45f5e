using DataLocal.Testing;
using System.Net;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataLocal.Tests.Jobs;

/// <summary>FROM an http:// URL: the file stays on a web server that serves range requests; tasks read their row groups over HTTP.</summary>
[Collection(JobClusterDefinition.Name)]
public sealed class ExternalUrlJobTests(JobClusterFixture fixture) : IAsyncLifetime
{
    private WebApplication _server = null!;
    private string _baseUrl = null!;
    private readonly string _files = Files.TempDirectory();
    private int _requests;

    public async Task InitializeAsync()
    {
        File.Copy(await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 1000, _files), Path.Combine(_files, "lineitem.parquet"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            await next(context);
        });
        _server.MapGet("/files/{name}", (string name) => Results.File(Path.Combine(_files, name), "application/octet-stream", enableRangeProcessing: true));
        _server.MapGet("/no-ranges/{name}", (string name) => Results.Bytes(File.ReadAllBytes(Path.Combine(_files, name))));
        await _server.StartAsync();
        _baseUrl = _server.Urls.First();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Job_FromUrl_SameAnswerAsTheStoredCopyWithNoLocality()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(Path.Combine(_files, "lineitem.parquet"), "/jobs-url/lineitem.parquet", new PutOptions(BlockSize: 64 * 1024, Overwrite: true));
        const string query = "SELECT l_returnflag, count(*), sum(l_quantity) FROM {0} WHERE l_shipmode = 'AIR' GROUP BY l_returnflag ORDER BY l_returnflag";

        var stored = await JobQueryTests.RunAsync(client, string.Format(System.Globalization.CultureInfo.InvariantCulture, query, "/jobs-url/lineitem.parquet"));
        var external = await JobQueryTests.RunAsync(client, string.Format(System.Globalization.CultureInfo.InvariantCulture, query, $"'{_baseUrl}/files/lineitem.parquet'"));

        Assert.Equal("succeeded", external.State);
        Assert.Equal(JobQueryTests.Format(stored), JobQueryTests.Format(external));
        Assert.True(external.TasksTotal > 1, $"{external.TasksTotal} tasks");
        Assert.Equal(external.TasksSucceeded, external.TasksAny);
        Assert.Equal(0, external.BytesReadLocal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("169.254.169.254")]
    public async Task Submit_UrlOffTheAllowList_RefusedWithoutFetchingAByte(string host)
    {
        using var client = fixture.Cluster.CreateClient();
        var url = _baseUrl.Replace("127.0.0.1", host, StringComparison.Ordinal) + "/files/lineitem.parquet";
        var before = Volatile.Read(ref _requests);

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.Jobs.SubmitAsync($"SELECT count(*) FROM '{url}'"));

        Assert.Contains("not under any allowed prefix (http://127.0.0.1/)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(before, Volatile.Read(ref _requests));
    }

    [Fact]
    public async Task Submit_UrlWithoutRangeSupport_ClearError()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.Jobs.SubmitAsync($"SELECT count(*) FROM '{_baseUrl}/no-ranges/lineitem.parquet'"));

        Assert.Contains("range requests", error.Message, StringComparison.Ordinal);
    }
}
