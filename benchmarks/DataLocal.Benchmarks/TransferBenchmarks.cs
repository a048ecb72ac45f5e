using BenchmarkDotNet.Attributes;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Testing;

namespace DataLocal.Benchmarks;

/// <summary>
/// Put and get throughput of a 64 MiB incompressible file through a real in-process cluster
/// (3 datanodes, gRPC over loopback, replicas on disk), against a plain local file copy of the same
/// bytes measured in the same run: the ratio says what the cluster costs over the disk alone.
/// </summary>
[Config(typeof(InProcessConfig))]
public class TransferBenchmarks
{
    public const int FileSize = 64 * 1024 * 1024;
    private const string PutPath = "/bench/put.bin";

    private InProcessCluster _cluster = null!;
    private DataLocalClient _client = null!;
    private string _work = null!;
    private string _source = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _work = Path.Combine(Path.GetTempPath(), "datalocal-bench", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_work);
        _source = Path.Combine(_work, "source.bin");
        var bytes = new byte[FileSize];
        new Random(1).NextBytes(bytes);
        await File.WriteAllBytesAsync(_source, bytes);
        _cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        _client = _cluster.CreateClient();
        await _client.PutAsync(_source, "/bench/stored.bin", new PutOptions(Replication: 2, BlockSize: 16 * 1024 * 1024));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    // Each put stores a new file; delete it so the disk does not fill over the run.
    [IterationCleanup]
    public void DeletePutFile()
    {
        if (_client.StatAsync(PutPath).GetAwaiter().GetResult() is not null)
        {
            _client.DeleteAsync(PutPath, recursive: false).GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true, Description = "local file copy (baseline)")]
    public void LocalCopy() => File.Copy(_source, Path.Combine(_work, "copy.bin"), overwrite: true);

    // A put makes every replica durable (fsync) before it is acknowledged; this is the disk's share of that.
    [Benchmark(Description = "local file copy + fsync")]
    public void LocalCopyDurable()
    {
        using var source = File.OpenRead(_source);
        using var target = new FileStream(Path.Combine(_work, "copy-durable.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        source.CopyTo(target, 1 << 20);
        target.Flush(flushToDisk: true);
    }

    [Benchmark(Description = "put, replication 1")]
    public Task PutReplication1() => PutAsync(1);

    [Benchmark(Description = "put, replication 2 (pipeline)")]
    public Task PutReplication2() => PutAsync(2);

    [Benchmark(Description = "get")]
    public Task<long> Get() => _client.GetAsync("/bench/stored.bin", Path.Combine(_work, "got.bin"), overwrite: true);

    private Task<PutResult> PutAsync(int replication) =>
        _client.PutAsync(_source, PutPath, new PutOptions(Replication: replication, BlockSize: 16 * 1024 * 1024, Overwrite: true));
}
