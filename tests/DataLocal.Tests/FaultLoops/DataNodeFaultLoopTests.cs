using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Testing;
using DataLocal.Tests.EndToEnd;
using DataLocal.Tests.Jobs;
using Xunit.Abstractions;

namespace DataLocal.Tests.FaultLoops;

/// <summary>
/// kill -9 or SIGSTOP of a datanode at a random moment of a job, again and again: every job still
/// ends, with DuckDB's answer (a task neither lost nor counted twice), whether the node's attempts
/// were requeued when it was declared dead or overtaken by speculative copies.
/// </summary>
public sealed class DataNodeFaultLoopTests(ITestOutputHelper output)
{
    [FaultLoopFact]
    public async Task DataNodesKilledOrStoppedDuringJobs_EveryAnswerIsDuckDbs()
    {
        using var cluster = await ProcessCluster.StartAsync(3, taskSlots: 1, ["--replication", "2", "--dead-node-timeout", "3", "--heartbeat-interval", "1", "--speculation"]);
        var client = cluster.Client;
        await ExecutorStoppedTests.PutInputAsync(client);
        var random = new Random(11);
        var rounds = FaultLoopFactAttribute.Rounds(20);
        for (var round = 1; round <= rounds; round++)
        {
            var victim = random.Next(cluster.DataNodes.Count);
            var stop = random.Next(2) == 0;
            var id = await client.Jobs.SubmitAsync(ExecutorStoppedTests.Sql);
            // The fault lands at a random moment of the job: the loop's point, not a wait for a condition.
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1000)));
            if (stop)
            {
                cluster.DataNodes[victim].Freeze();
            }
            else
            {
                cluster.DataNodes[victim].KillHard();
            }

            output.WriteLine($"round {round}: datanode {victim} {(stop ? "stopped" : "killed")}");
            var job = await WaitAsync(client, id);
            Assert.True(job.State == "succeeded", $"round {round}: {id} {job.State}: {job.Error}");
            Assert.Equal(ExecutorStoppedTests.DuckDbAnswer, JobQueryTests.Format(job));
            output.WriteLine($"round {round}: {job.TasksTotal} tasks, {job.SpeculativeAttempts} speculative attempts, {job.Duration.TotalSeconds:0.0} s");

            // Heal before the next fault, so no block is down to one replica when it comes: the victim
            // is first declared dead (else its old registration could lapse during the next round),
            // then resumed or started again, and every node must have reported its blocks.
            var address = cluster.DataNodeAddresses[victim];
            await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).Datanodes.Any(d => d.Address == address && d.State == "dead"),
                $"datanode {victim} declared dead", TimeSpan.FromSeconds(30));
            if (stop)
            {
                cluster.DataNodes[victim].Resume();
            }
            else
            {
                cluster.RestartDataNode(victim);
            }
            await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).Datanodes is var nodes
                    && nodes.Count(d => d.State == "live" && d.BlockReportReceived) == cluster.DataNodes.Count
                    && await client.FsckAsync("/stopped.parquet") is { UnderReplicated: 0, Missing: 0, Corrupt: 0 },
                "every datanode back with its blocks reported, every block at two good replicas", TimeSpan.FromSeconds(90));
        }
    }

    private static async Task<JobInfo> WaitAsync(DataLocalClient client, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await client.Jobs.WaitAsync(id, cancellationToken: deadline.Token);
    }
}
