using System.Diagnostics;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Jobs;
using DataLocal.Testing;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// A datanode frozen with SIGSTOP mid-job (alive to the kernel, silent to everyone). Without
/// speculation its heartbeats and listings stop, its attempts are written off and rerun elsewhere;
/// with speculation its stuck attempt is a straggler whose copy on another node wins long before
/// anything notices the silence. Either way the job ends with DuckDB's answer instead of waiting on
/// it for ever.
/// </summary>
public sealed class ExecutorStoppedTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // queries.tsv's first query over lineitem-top10000 in blocks of a few row groups: a few dozen tasks.
    internal const string Sql = "SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity) FROM /stopped.parquet GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";

    // Far below the two-minute dead-node and liveness timeouts the speculation test sets, far above an honest job here.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>DuckDB's answer to <see cref="Sql"/>, computed from the original file (queries.tsv).</summary>
    internal static string DuckDbAnswer => TestData.Tsv("parquet/queries.tsv")[0][3];

    [Fact]
    public async Task Job_DatanodeStoppedWithSigstopMidJob_FinishesWithDuckDbsAnswer()
    {
        using var cluster = await ProcessCluster.StartAsync(3, taskSlots: 1, ["--replication", "2", "--dead-node-timeout", "3", "--heartbeat-interval", "1"]);
        await PutInputAsync(cluster.Client);

        var id = await cluster.Client.Jobs.SubmitAsync(Sql);
        await Eventually.TrueAsync(async () => (await cluster.Client.Jobs.GetAsync(id)).TasksSucceeded >= 3, "the job to be under way");
        cluster.DataNodes[2].Freeze();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var after = await cluster.Client.Jobs.WaitAsync(id, cancellationToken: deadline.Token);

        Assert.Equal("succeeded", after.State);
        Assert.Equal(DuckDbAnswer, JobQueryTests.Format(after));
    }

    [Fact]
    public async Task Job_ExecutorStoppedWithSigstopMidTask_SpeculativeCopyWinsLongBeforeTheNodeIsDeclaredDeadAndTheTaskCountsOnce()
    {
        // Only speculation can finish the stopped attempt's task within the bound: the node is declared
        // dead, and its silent attempts written off, only after two minutes.
        using var cluster = await ProcessCluster.StartAsync(3, taskSlots: 1, ["--replication", "2", "--dead-node-timeout", "120", "--speculation"],
            new Dictionary<string, string> { ["DATALOCAL_NameNode__TaskLivenessTimeout"] = "00:02:00" });
        var client = cluster.Client;
        await PutInputAsync(client);
        var stopped = cluster.DataNodes[2];
        var stoppedAddress = cluster.DataNodeAddresses[2];

        for (var round = 1; ; round++)
        {
            var id = await client.Jobs.SubmitAsync(Sql);
            await Eventually.TrueAsync(async () => (await client.Jobs.GetTasksAsync(id)).Any(a => a.NodeAddress == stoppedAddress && a.Outcome == "running"),
                "an attempt running on the datanode to stop");
            stopped.Freeze();
            var clock = Stopwatch.StartNew();
            var job = await WaitWithinBoundAsync(client, id);
            var took = clock.Elapsed;
            output.WriteLine($"round {round}: job {job.State} {took.TotalSeconds:0.0} s after the stop; {job.TasksTotal} tasks, {job.SpeculativeAttempts} speculative");
            var attempts = await client.Jobs.GetTasksAsync(id);
            // The stopped executor could start nothing after its last attempt, so that one ran when it
            // stopped; if it had just finished it (the stop fell between two tasks), try again.
            var stuck = attempts.Last(a => a.NodeAddress == stoppedAddress);
            if (stuck.Outcome == "succeeded" && round < 5)
            {
                stopped.Resume();
                continue;
            }

            Assert.Equal("killed", stuck.Outcome);
            var winner = Assert.Single(attempts, a => a.TaskIndex == stuck.TaskIndex && a.Outcome == "succeeded");
            Assert.True(winner.Speculative, $"task {stuck.TaskIndex} was finished by attempt {winner.Attempt}, not a speculative copy");
            Assert.NotEqual(stoppedAddress, winner.NodeAddress);
            Assert.Equal("succeeded", job.State);
            Assert.Equal(DuckDbAnswer, JobQueryTests.Format(job));
            Assert.Equal(job.TasksTotal, attempts.Count(a => a.Outcome == "succeeded"));
            Assert.True(job.SpeculativeAttempts >= 1);
            Assert.True(took < Bound, $"{took.TotalSeconds:0.0} s");
            return;
        }
    }

    private static async Task<Client.Jobs.JobInfo> WaitWithinBoundAsync(DataLocalClient client, string id)
    {
        using var deadline = new CancellationTokenSource(Bound);
        try
        {
            return await client.Jobs.WaitAsync(id, cancellationToken: deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var job = await client.Jobs.GetAsync(id);
            Assert.Fail($"{id} still {job.State} {Bound.TotalSeconds} s after the executor stopped ({job.TasksSucceeded}/{job.TasksTotal} tasks done, {job.TasksRunning} running)");
            throw;
        }
    }

    /// <summary>lineitem-top10000 rewritten in row groups of 100 rows, stored in 16 KB blocks: a few dozen short tasks.</summary>
    internal static async Task PutInputAsync(DataLocalClient client)
    {
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 100, Files.TempDirectory());
        await client.PutAsync(lineitem, "/stopped.parquet", new PutOptions(BlockSize: 16 * 1024));
    }
}
