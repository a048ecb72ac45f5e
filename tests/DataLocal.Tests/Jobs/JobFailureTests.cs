using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Jobs;

/// <summary>Jobs survive what clusters do: a datanode lost mid-job, a namenode restart.</summary>
public sealed class JobFailureTests
{
    [Fact]
    public async Task Job_DatanodeKilledMidJob_FinishesWithTheSameResult()
    {
        // 3 s, not 1 s: on a loaded 2-core machine a live node's 100 ms heartbeats can stall for over a
        // second, and a live node falsely declared dead would (rightly) have its attempts marked lost too.
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 4, replication: 2,
            configureNameNode: o => o.DeadNodeTimeout = TimeSpan.FromSeconds(3),
            configureDataNode: o => o.TaskSlots = 1);
        using var client = cluster.CreateClient();
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 50, Files.TempDirectory());
        await client.PutAsync(lineitem, "/li.parquet", new PutOptions(BlockSize: 4096));
        const string sql = "SELECT l_returnflag, count(*), sum(l_quantity) FROM /li.parquet GROUP BY l_returnflag ORDER BY l_returnflag";
        var before = await JobQueryTests.RunAsync(client, sql);

        var id = await client.Jobs.SubmitAsync(sql);
        await Eventually.TrueAsync(async () => (await client.Jobs.GetAsync(id)).TasksSucceeded >= 5, "the job to be under way");
        var victim = cluster.BlockStoreOf(3).NodeId;
        await cluster.StopDataNodeAsync(3);
        var after = await client.Jobs.WaitAsync(id);

        Assert.Equal("succeeded", after.State);
        Assert.Equal(JobQueryTests.Format(before), JobQueryTests.Format(after));
        var attempts = await client.Jobs.GetTasksAsync(id);
        Assert.DoesNotContain(attempts, a => a.NodeId == victim && a.Outcome == "running");
        Assert.All(attempts.Where(a => a.Outcome == "lost"), a => Assert.Equal(victim, a.NodeId));
    }

    [Fact]
    public async Task JobHistory_SurvivesNameNodeRestart()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/s.parquet");
        var job = await JobQueryTests.RunAsync(client, "SELECT count(*), sum(a) FROM /s.parquet");

        await cluster.RestartNameNodeAsync();
        using var after = cluster.CreateClient();

        var listed = Assert.Single(await after.Jobs.ListAsync(), j => j.JobId == job.JobId);
        Assert.Equal("succeeded", listed.State);
        var status = await after.Jobs.GetAsync(job.JobId);
        Assert.Equal("6", status.Rows[0][0]);
        Assert.NotEmpty(await after.Jobs.GetTasksAsync(job.JobId));
    }

    [Fact]
    public async Task Job_EveryReplicaOfABlockGone_FailsNamingFileAndBlock()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1,
            configureNameNode: o => o.DeadNodeTimeout = TimeSpan.FromSeconds(1));
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/gone.parquet");
        await cluster.StopDataNodeAsync(0);
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).LiveCount == 0, "the only datanode to be dead");

        var error = await Assert.ThrowsAnyAsync<DataLocal.Client.DataLocalException>(() => client.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /gone.parquet"));

        Assert.Contains("of /gone.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains("no live replica", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_SubmittedAfterEveryHolderDiedButBeforeTheyAreDeclaredDead_EndsWithinTheDeadNodeTimeout()
    {
        // Issue 12: a job submitted in the window between its block holders dying and the namenode
        // noticing must not hang; it fails (nothing can read the blocks) once the holders are dead.
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1,
            configureNameNode: o => o.DeadNodeTimeout = TimeSpan.FromSeconds(4),
            configureDataNode: o => o.TaskSlots = 1);
        using var client = cluster.CreateClient();
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 500, Files.TempDirectory());
        await client.PutAsync(lineitem, "/holders.parquet", new PutOptions(BlockSize: 4096));
        var holders = (await client.GetBlocksAsync("/holders.parquet")).SelectMany(b => b.Replicas).Select(r => r.NodeId).ToHashSet();
        var victim = Enumerable.Range(0, 2).First(i => holders.Contains(cluster.BlockStoreOf(i).NodeId));
        await cluster.StopDataNodeAsync(victim);

        var id = await client.Jobs.SubmitAsync("SELECT count(*), sum(l_quantity) FROM /holders.parquet");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ended = await client.Jobs.WaitAsync(id, cancellationToken: deadline.Token);

        Assert.Equal("failed", ended.State);
        Assert.Contains("of /holders.parquet", ended.Error, StringComparison.Ordinal);
    }
}
