using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Query;
using DataLocal.Testing;

namespace DataLocal.EngineBench;

/// <summary>
/// DataLocal as a user runs it: a cluster of a namenode and <c>N</c> datanodes talking gRPC over loopback
/// sockets, blocks in files on disk, the file stored with replication N so every task can run where its
/// block is, and each query a job timed from submit until its result rows are in the client's hands:
/// planning, pruning, scheduling, the tasks on the datanodes' slots, their reports and the merge.
/// By default the nodes are separate processes (`datalocal cluster start`), whose peak memory is read per
/// process; for a profiler they can run inside this process instead (<see cref="InProcessCluster"/>).
/// </summary>
public sealed class ClusterJobRunner : IAsyncDisposable
{
    public const string StoredPath = "/bench/lineitem.parquet";

    private readonly IAsyncDisposable cluster;
    private readonly DataLocalClient client;

    private ClusterJobRunner(IAsyncDisposable cluster, DataLocalClient client)
    {
        this.cluster = cluster;
        this.client = client;
    }

    public int Blocks { get; private set; }

    public int DataNodes { get; private set; }

    /// <summary>The cluster's processes when they are separate ones; null when the nodes run in this process.</summary>
    public LocalProcessCluster? Processes => cluster as LocalProcessCluster;

    public static async Task<ClusterJobRunner> StartAsync(string path, int datanodes, long blockSize, bool inProcess)
    {
        IAsyncDisposable cluster;
        DataLocalClient client;
        if (inProcess)
        {
            var local = await InProcessCluster.StartAsync(datanodes, replication: datanodes);
            (cluster, client) = (local, local.CreateClient());
        }
        else
        {
            var processes = await LocalProcessCluster.StartAsync(datanodes, replication: datanodes, blockSize);
            (cluster, client) = (processes, processes.CreateClient());
        }
        await client.PutAsync(path, StoredPath, new PutOptions(Replication: datanodes, BlockSize: blockSize));
        (cluster as LocalProcessCluster)?.ResetPeaks();
        return new ClusterJobRunner(cluster, client)
        {
            Blocks = (await client.GetBlocksAsync(StoredPath)).Count,
            DataNodes = datanodes,
        };
    }

    /// <summary>The last job's time on the namenode (submit to finished, its result stored) and after it (the result read).</summary>
    public (TimeSpan Job, TimeSpan ResultRead) LastRun { get; private set; }

    /// <summary>The job's result rows as the namenode prints them (NULL as <see cref="QueryResult.Format"/> does).</summary>
    public async Task<List<string[]>> RunAsync(string sql)
    {
        var id = await client.Jobs.SubmitAsync(sql);
        var job = await client.Jobs.WaitAsync(id);
        if (job.State != "succeeded")
        {
            throw new InvalidOperationException($"job {id} {job.State}: {job.Error}");
        }
        LastRun = (job.Finished!.Value - job.Submitted, DateTimeOffset.UtcNow - job.Finished.Value);
        return [.. job.Rows.Select(r => r.Select(v => v ?? QueryResult.Format(null)).ToArray())];
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await cluster.DisposeAsync();
    }
}
