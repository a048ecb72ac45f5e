using System.Net;
using BenchmarkDotNet.Attributes;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataLocal.Benchmarks;

/// <summary>
/// The same aggregate query over the same Parquet file (TPC-H lineitem rows, 40 row groups), three
/// ways, measured in one run: tasks on nodes holding their block (data-local, the baseline), tasks
/// placed ignoring locality so most stream a remote replica, and the file left on an HTTP object
/// store read by range requests. Everything is on one machine over loopback, so the network here is
/// the cheapest it will ever be: the ratios are a lower bound on what locality saves.
/// </summary>
[Config(typeof(InProcessConfig))]
public class JobLocalityBenchmarks
{
    private static string Query(string source) =>
        $"SELECT l_returnflag, count(*), sum(l_quantity), avg(l_extendedprice) FROM {source} WHERE l_shipdate >= '1995-01-01' GROUP BY l_returnflag ORDER BY l_returnflag";

    private InProcessCluster _cluster = null!;
    private DataLocalClient _client = null!;
    private WebApplication _objectStore = null!;
    private string _work = null!;
    private string _url = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _work = Path.Combine(Path.GetTempPath(), "datalocal-bench", Guid.NewGuid().ToString("N")[..8]);
        var source = Path.Combine(AppContext.BaseDirectory, "lineitem-top10000.gzip.parquet");
        var file = await ParquetRewriter.WithRowGroupsOfAsync(source, 5_000, _work, copies: 20);
        _cluster = await InProcessCluster.StartAsync(datanodes: 4, replication: 2, configureNameNode: o => o.DefaultBlockSize = 1024 * 1024);
        _client = _cluster.CreateClient();
        await _client.PutAsync(file, "/bench/lineitem.parquet");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _objectStore = builder.Build();
        _objectStore.MapGet("/lineitem.parquet", () => Results.File(file, "application/octet-stream", enableRangeProcessing: true));
        await _objectStore.StartAsync();
        _url = _objectStore.Urls.First() + "/lineitem.parquet";
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _objectStore.DisposeAsync();
        _client.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "data-local (NODE_LOCAL tasks)")]
    public Task<JobInfo> DataLocal() => RunAsync("/bench/lineitem.parquet", new JobOptions());

    [Benchmark(Description = "remote replicas (--locality off)")]
    public Task<JobInfo> RemoteReplicas() => RunAsync("/bench/lineitem.parquet", new JobOptions(LocalityWait: TimeSpan.Zero, LocalityOff: true));

    [Benchmark(Description = "external storage (HTTP range reads)")]
    public Task<JobInfo> ExternalStorage() => RunAsync($"'{_url}'", new JobOptions());

    private async Task<JobInfo> RunAsync(string source, JobOptions options)
    {
        var id = await _client.Jobs.SubmitAsync(Query(source), options);
        var job = await _client.Jobs.WaitAsync(id);
        return job.State == "succeeded" ? job : throw new InvalidOperationException($"job {id} {job.State}: {job.Error}");
    }
}
