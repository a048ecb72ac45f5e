using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Query;
using DataLocal.Testing;

namespace DataLocal.EngineBench;

/// <summary>
/// DataLocal as a user runs it: a cluster of a namenode and <c>N</c> datanodes (in this process, talking gRPC
/// over loopback sockets, blocks in files on disk), the file stored with replication N so every task can run
/// where its block is, and each query a job timed from submit until its result rows are in the client's hands:
/// planning, pruning, scheduling, the tasks on the datanodes' slots, their reports and the merge.
/// </summary>
public sealed class ClusterJobRunner : IAsyncDisposable
{
    public const string StoredPath = "/bench/lineitem.parquet";

    private readonly InProcessCluster cluster;
    private readonly DataLocalClient client;

    private ClusterJobRunner(InProcessCluster cluster, DataLocalClient client)
    {
        this.cluster = cluster;
        this.client = client;
    }

    public int Blocks { get; private set; }

    public int DataNodes { get; private set; }

    public static async Task<ClusterJobRunner> StartAsync(string path, int datanodes, long blockSize)
    {
        var cluster = await InProcessCluster.StartAsync(datanodes, replication: datanodes);
        var client = cluster.CreateClient();
        await client.PutAsync(path, StoredPath, new PutOptions(Replication: datanodes, BlockSize: blockSize));
        return new ClusterJobRunner(cluster, client)
        {
            Blocks = (await client.GetBlocksAsync(StoredPath)).Count,
            DataNodes = datanodes,
        };
    }

    /// <summary>The job's result rows as the namenode prints them (NULL as <see cref="QueryResult.Format"/> does).</summary>
    /// <summary>The last job's time on the namenode (submit to finished, its result stored) and after it (the result read).</summary>
    public (TimeSpan Job, TimeSpan ResultRead) LastRun { get; private set; }

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
