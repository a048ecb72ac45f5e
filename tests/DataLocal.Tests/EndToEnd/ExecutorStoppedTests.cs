using DataLocal.Cli.Cluster;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;

using DataLocal.Tests.Jobs;
using DataLocal.Testing;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// A datanode frozen with SIGSTOP mid-job (alive to the kernel, silent to everyone): its heartbeats
/// and listings stop, its attempts are written off and rerun elsewhere, and the job ends with the
/// same answer instead of waiting on it for ever.
/// </summary>
public sealed class ExecutorStoppedTests
{
    [Fact]
    public async Task Job_DatanodeStoppedWithSigstopMidJob_FinishesWithTheSameResult()
    {
        var work = Files.TempDirectory();
        var port = RoleProcess.FreePort();
        var address = $"http://127.0.0.1:{port}";
        var secrets = ClusterSecrets.Ensure(work);
        using var namenode = RoleProcess.Start(Path.Combine(work, "nn.log"),
            ["namenode", "--dir", Path.Combine(work, "nn"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--http-port", "0",
            "--replication", "2", "--dead-node-timeout", "3", .. secrets.NameNodeArguments]);
        var datanodes = Enumerable.Range(0, 3).Select(i => RoleProcess.Start(Path.Combine(work, $"dn{i}.log"),
            ["datanode", "--namenode", address, "--dir", Path.Combine(work, $"dn{i}"), "--port", "0", "--task-slots", "1", .. secrets.DataNodeArguments])).ToList();
        try
        {
            using var client = new DataLocalClient(address, new DataLocalClientOptions { Token = secrets.ReadToken() });
            await Eventually.TrueAsync(async () => await ReachableCountAsync(client) == 3, "three live, reachable datanodes", TimeSpan.FromSeconds(60));
            var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 100, Files.TempDirectory());
            await client.PutAsync(lineitem, "/stopped.parquet", new PutOptions(BlockSize: 4096));
            const string sql = "SELECT l_returnflag, count(*), sum(l_quantity) FROM /stopped.parquet GROUP BY l_returnflag ORDER BY l_returnflag";
            var before = await JobQueryTests.RunAsync(client, sql);

            var id = await client.Jobs.SubmitAsync(sql);
            await Eventually.TrueAsync(async () => (await client.Jobs.GetAsync(id)).TasksSucceeded >= 3, "the job to be under way");
            datanodes[2].Freeze();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var after = await client.Jobs.WaitAsync(id, pollInterval: TimeSpan.FromMilliseconds(100), cancellationToken: deadline.Token);

            Assert.Equal("succeeded", after.State);
            Assert.Equal(JobQueryTests.Format(before), JobQueryTests.Format(after));
        }
        finally
        {
            datanodes.ForEach(d => d.Dispose());
        }
    }

    private static async Task<int> ReachableCountAsync(DataLocalClient client)
    {
        try
        {
            // Reachable too: a node whose first probe went unanswered on a busy machine is live but takes no blocks until a re-probe.
            return (await client.GetClusterReportAsync()).Datanodes.Count(d => d.State == "live" && d.Reachable);
        }
        catch (DataLocalException)
        {
            return 0;
        }
    }
}
