using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Testing;
using DataLocal.Testing.Netns;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Jobs;

namespace DataLocal.Tests.Netns;

/// <summary>
/// The real executable with every node on its own network host (namespace, address, link): data
/// and tasks cross a real network path, and hosts die or drop off it.
/// </summary>
[Collection(NetnsDefinition.Name)]
public sealed class NetnsClusterTests
{
    // queries.tsv's first query, whose answer DuckDB computed from the original file.
    private const string Sql = "SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity) FROM /li.parquet GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";
    private static readonly string Answer = TestData.Tsv("parquet/queries.tsv")[0][3];

    // About 60 blocks: enough tasks for a locality share and a kill mid-job, few enough to put quickly.
    private const long BlockSize = 16 * 1024;

    [SkippableFact]
    public async Task PutFromTestProcess_GetFromAnotherHost_ByteExactAndReplicasOnDatanodeHosts()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var cluster = await NetnsCluster.StartAsync(datanodes: 3);
        using var client = cluster.CreateClient();
        var source = Files.Random(Files.TempDirectory(), (3 << 20) + 12345);
        var copy = Path.Combine(cluster.WorkDirectory, "copy.bin");

        await client.PutAsync(source, "/random.bin", new PutOptions(BlockSize: 1 << 20));
        var get = await cluster.RunCliAsync(null, "fs", "get", "/random.bin", copy);

        Assert.True(get.ExitCode == 0, get.Output);
        Assert.Equal(Files.Sha256(source), Files.Sha256(copy));
        var datanodeAddresses = cluster.DataNodeHosts.Select(h => $"http://{h.Address}:9866").ToHashSet();
        var blocks = await client.GetBlocksAsync("/random.bin");
        Assert.Equal(4, blocks.Count);
        Assert.All(blocks.SelectMany(b => b.Replicas), r => Assert.Contains(r.Address, datanodeAddresses));
    }

    [SkippableFact]
    public async Task Job_DatanodesOnSeparateHosts_AtLeast95PercentNodeLocalAndDuckDbAnswer()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var cluster = await NetnsCluster.StartAsync(datanodes: 3);
        using var client = cluster.CreateClient();
        await PutLineitemAsync(client);

        var job = await JobQueryTests.RunAsync(client, Sql);

        Assert.Equal("succeeded", job.State);
        Assert.Equal(Answer, JobQueryTests.Format(job));
        Assert.True(job.TasksTotal >= 30, $"only {job.TasksTotal} tasks");
        Assert.True(job.NodeLocalShare >= 0.95, $"{job.TasksNodeLocal}/{job.TasksSucceeded} NODE_LOCAL");
        var tasks = await client.Jobs.GetTasksAsync(job.JobId);
        Assert.All(tasks.Where(t => t.Locality == "NODE_LOCAL"), t => Assert.Equal(0, t.BytesRemote));
        Assert.Equal(3, tasks.Select(t => t.NodeId).Distinct().Count());
    }

    [SkippableFact]
    public async Task Job_DatanodeHostKilledMidJob_DuckDbAnswerAndItsBlocksReplicatedAgain()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var cluster = await NetnsCluster.StartAsync(datanodes: 3, taskSlots: 1);
        using var client = cluster.CreateClient();
        await PutLineitemAsync(client);
        var victim = cluster.DataNodeHosts[2];
        var lost = await cluster.NodeIdOfAsync(victim);
        Assert.Contains(await client.GetBlocksAsync("/li.parquet"), b => b.Replicas.Any(r => r.NodeId == lost));

        var id = await client.Jobs.SubmitAsync(Sql);
        await Eventually.TrueAsync(async () => (await client.Jobs.GetAsync(id)).TasksSucceeded >= 3, "the job to be under way");
        victim.KillProcesses();
        var job = await WaitAsync(client, id);

        Assert.Equal("succeeded", job.State);
        Assert.Equal(Answer, JobQueryTests.Format(job));
        Assert.Empty(victim.ProcessIds());
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync("/li.parquet")).All(b => b.Replicas.Count == 2 && b.Replicas.All(r => r.NodeId != lost)),
            "every block back to 2 replicas, none on the killed host", TimeSpan.FromSeconds(90));
        var report = await client.GetClusterReportAsync();
        Assert.Equal("dead", report.Datanodes.Single(d => d.NodeId == lost).State);
    }

    [SkippableFact]
    public async Task Job_DatanodeHostCutOffMidJob_DeclaredDeadAndDuckDbAnswer()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var cluster = await NetnsCluster.StartAsync(datanodes: 3, taskSlots: 1);
        using var client = cluster.CreateClient();
        await PutLineitemAsync(client);
        var victim = cluster.DataNodeHosts[1];
        var lost = await cluster.NodeIdOfAsync(victim);
        Assert.Contains(await client.GetBlocksAsync("/li.parquet"), b => b.Replicas.Any(r => r.NodeId == lost));

        var id = await client.Jobs.SubmitAsync(Sql);
        await Eventually.TrueAsync(async () => (await client.Jobs.GetAsync(id)).TasksSucceeded >= 3, "the job to be under way");
        victim.CutOff();
        var job = await WaitAsync(client, id);

        Assert.Equal("succeeded", job.State);
        Assert.Equal(Answer, JobQueryTests.Format(job));
        // Cut off, not dead: its processes run on, unheard.
        Assert.NotEmpty(victim.ProcessIds());
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).Datanodes.Single(d => d.NodeId == lost).State == "dead",
            "the cut-off host to be declared dead");
        var after = await JobQueryTests.RunAsync(client, Sql);
        Assert.Equal(Answer, JobQueryTests.Format(after));
        Assert.DoesNotContain(await client.Jobs.GetTasksAsync(after.JobId), t => t.NodeId == lost);
    }

    private static async Task PutLineitemAsync(DataLocalClient client)
    {
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 100, Files.TempDirectory());
        await client.PutAsync(lineitem, "/li.parquet", new PutOptions(BlockSize: BlockSize));
    }

    private static async Task<DataLocal.Client.Jobs.JobInfo> WaitAsync(DataLocalClient client, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await client.Jobs.WaitAsync(id, cancellationToken: deadline.Token);
    }
}
