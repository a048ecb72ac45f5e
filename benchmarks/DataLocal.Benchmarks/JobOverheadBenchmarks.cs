using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Testing;

namespace DataLocal.Benchmarks;

/// <summary>
/// What a job costs beyond its work: a job over one block (10,000 lineitem rows) on an idle cluster
/// of 2 datanodes, from submit until its result is in the client's hands, beside one namenode round
/// trip (the floor any remote call pays) measured in the same run. The target: well under 100 ms.
/// </summary>
[Config(typeof(ManySamplesConfig))]
public class JobOverheadBenchmarks
{
    private const string OneBlock = "/bench/one-block.parquet";

    private InProcessCluster _cluster = null!;
    private DataLocalClient _client = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        _client = _cluster.CreateClient();
        await _client.PutAsync(Path.Combine(AppContext.BaseDirectory, "lineitem-top10000.gzip.parquet"), OneBlock);
        if ((await _client.GetBlocksAsync(OneBlock)).Count != 1)
        {
            throw new InvalidOperationException($"{OneBlock} should be one block");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "namenode round trip (fs stat)")]
    public Task<Client.Model.FileEntry?> RoundTrip() => _client.StatAsync(OneBlock);

    [Benchmark(Description = "1-block job, submit to result")]
    public async Task<JobInfo> OneBlockJob()
    {
        var id = await _client.Jobs.SubmitAsync($"SELECT count(*), sum(l_quantity) FROM {OneBlock}");
        var job = await _client.Jobs.WaitAsync(id);
        return job.State == "succeeded" && job.Rows.Count == 1 ? job : throw new InvalidOperationException($"job {id} {job.State}: {job.Error}");
    }

    /// <summary>Milliseconds-long operations: many samples, so one slow one (a GC, a busy core) does not decide the mean.</summary>
    private sealed class ManySamplesConfig : ManualConfig
    {
        public ManySamplesConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(5)
                .WithIterationCount(40)
                .WithUnrollFactor(1)
                .WithInvocationCount(1));
            AddColumn(BaselineRatioColumn.RatioMean);
            AddColumn(StatisticColumn.Median);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
