using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Common.Checksums;
using DataLocal.Common.Query;
using DataLocal.Protocol.Datanode;
using DataLocal.Tests.Compute;
using DataLocal.Tests.Reference;
using DataLocal.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// A process that pulls tasks as an executor and reports made-up results (issue 13): a result counts
/// only from the executor its attempt was handed to (known by the executor credential it got when it
/// registered, not by the node id it writes in the report), for that attempt, with bytes matching
/// their checksum. Everything else is refused and the job's answer stays DuckDB's.
/// </summary>
public sealed class ForgedTaskResultTests
{
    private const string Sql = "SELECT count(*), sum(v) FROM /forged/numbers.parquet";

    [Fact]
    public async Task ForgedReports_OtherNodesAttempt_AttemptNeverGiven_BadChecksum_AllRefused_AnswerIsDuckDbs()
    {
        // The two datanodes holding the data run no tasks, so the fakes get the first ones; a third,
        // real executor joins after the forgeries and computes the job.
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureDataNodeAt: (index, o) => o.TaskSlots = index < 2 ? 0 : 2);
        using var client = cluster.CreateClient();
        var local = await SmallParquet.NumbersAsync(rows: 4000, rowGroupSize: 250, value: i => (i * 7) % 1000);
        await client.PutAsync(local, "/forged/numbers.parquet", new PutOptions(BlockSize: 4096));
        await using var honest = await FakeDatanode.StartAsync(cluster, "DN-fake-honest");
        await using var forger = await FakeDatanode.StartAsync(cluster, "DN-fake-forger");
        var jobId = await client.Jobs.SubmitAsync(Sql, new JobOptions(LocalityOff: true));
        var honestTask = await honest.PullTaskAsync();
        var forgerTask = await forger.PullTaskAsync();
        Assert.NotNull(honestTask);
        Assert.NotNull(forgerTask);
        // A plausible partial result with a sum the data does not contain: the same query over other numbers.
        var junk = await ForgedPartialAsync();

        var otherNodes = await RefusedAsync(forger.Exchange, Forged(honestTask, honest.NodeId, junk));
        var noCredential = await RefusedAsync(forger.ExchangeWith(() => null), Forged(honestTask, honest.NodeId, junk));
        var othersAttemptAsOwn = await RefusedAsync(forger.Exchange, Forged(honestTask, forger.NodeId, junk));
        var attemptNeverGiven = await RefusedAsync(forger.Exchange, Forged(forgerTask, forger.NodeId, junk, attempt: forgerTask.Attempt + 5));
        var damaged = Forged(forgerTask, forger.NodeId, junk);
        damaged.ResultCrc32C ^= 1;
        var badChecksum = await RefusedAsync(forger.Exchange, damaged);
        // Both fakes then give their attempts up honestly, which is taken: the tasks go to the real executor.
        await honest.Exchange.ReportTaskAsync(GivenUp(honestTask, honest.NodeId));
        await forger.Exchange.ReportTaskAsync(GivenUp(forgerTask, forger.NodeId));
        cluster.DataNodes.Add(null);
        await cluster.StartDataNodeAsync(2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var job = await client.Jobs.WaitAsync(jobId, cancellationToken: timeout.Token);

        Assert.Equal(StatusCode.PermissionDenied, otherNodes.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, noCredential.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, othersAttemptAsOwn.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, attemptNeverGiven.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badChecksum.StatusCode);
        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(DuckDb.Query(Sql.Replace("/forged/numbers.parquet", DuckDb.File(local), StringComparison.Ordinal)), job.Rows.Select(r => r.Select(v => v ?? "NULL").ToArray()).ToList());
        var attempts = await client.Jobs.GetTasksAsync(jobId);
        Assert.DoesNotContain(attempts, a => a.NodeId.StartsWith("DN-fake", StringComparison.Ordinal) && a.Outcome == "succeeded");
    }

    [Fact]
    public async Task RealExecutor_ReportsWithItsCredentialAndChecksum_ResultTaken()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();
        var local = await SmallParquet.NumbersAsync(rows: 1000, rowGroupSize: 100, value: i => i % 13);
        await client.PutAsync(local, "/forged/numbers.parquet", new PutOptions(BlockSize: 4096));

        var job = await JobQueryTests.RunAsync(client, Sql);

        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(DuckDb.Query(Sql.Replace("/forged/numbers.parquet", DuckDb.File(local), StringComparison.Ordinal)), job.Rows.Select(r => r.Select(v => v ?? "NULL").ToArray()).ToList());
    }

    private static async Task<byte[]> ForgedPartialAsync()
    {
        var other = await SmallParquet.NumbersAsync(rows: 10, rowGroupSize: 10, value: _ => 1_000_000);
        var (partials, _) = await EngineHarness.RunTasksAsync(QueryPlan.Parse(Sql), other, EngineHarness.WholeFile);
        return partials.Single().ToBytes();
    }

    // A success report with a checksum that matches the junk, so only who sends it can give it away.
    private static TaskReport Forged(TaskAssignment task, string claimedNode, byte[] junk, int? attempt = null) => new()
    {
        JobId = task.JobId,
        TaskIndex = task.TaskIndex,
        Attempt = attempt ?? task.Attempt,
        NodeId = claimedNode,
        Succeeded = true,
        PartialResult = ByteString.CopyFrom(junk),
        ResultCrc32C = Crc32C.Compute(junk),
        RowsIn = 1,
        RowsOut = 1,
    };

    private static TaskReport GivenUp(TaskAssignment task, string nodeId) => new()
    {
        JobId = task.JobId,
        TaskIndex = task.TaskIndex,
        Attempt = task.Attempt,
        NodeId = nodeId,
        Succeeded = false,
        Error = "this fake executor runs nothing",
    };

    private static async Task<RpcException> RefusedAsync(TaskExchange.TaskExchangeClient exchange, TaskReport report) =>
        await Assert.ThrowsAsync<RpcException>(() => exchange.ReportTaskAsync(report).ResponseAsync);
}
