using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Common.Parquet;
using DataLocal.DataNode.Executor;
using DataLocal.Testing;
using DataLocal.Tests.Reference;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// A file's Parquet footer goes to an executor once, not with each of the file's tasks: it describes every
/// row group, so sending it per task cost O(blocks²) bytes per job.
/// </summary>
public sealed class FooterOnceTests
{
    private const string Sql = "SELECT count(*), sum(v) FROM /footer/numbers.parquet";

    [Fact]
    public async Task Job_ManyBlocksOnOneExecutor_FooterSentAtMostOncePerSlot_AnswerAsDuckDb()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1, configureDataNode: o => o.TaskSlots = 2);
        using var client = cluster.CreateClient();
        var local = await SmallParquet.NumbersAsync(rows: 4000, rowGroupSize: 250, value: i => (i * 7) % 1000);
        await client.PutAsync(local, "/footer/numbers.parquet", new PutOptions(BlockSize: 4096));
        var blocks = (await client.GetBlocksAsync("/footer/numbers.parquet")).Count;

        var job = await client.Jobs.WaitAsync(await client.Jobs.SubmitAsync(Sql));

        Assert.Equal("succeeded", job.State);
        Assert.Equal(blocks, job.TasksTotal);
        Assert.True(blocks > 4, $"{blocks} blocks");
        // Both slots may pull before either holds the footer; every later task comes without it.
        Assert.InRange(cluster.DataNodes[0]!.Services.GetRequiredService<HeldFooters>().Received, 1, 2);
        Assert.Equal(DuckDb.Query(Sql.Replace("/footer/numbers.parquet", DuckDb.File(local), StringComparison.Ordinal)), job.Rows.Select(r => r.Select(v => v ?? "NULL").ToArray()).ToList());
    }

    [Fact]
    public async Task PullTask_NamingTheFootersDigest_TaskComesWithoutTheFooterButWithItsDigest()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1, configureDataNode: o => o.TaskSlots = 0);
        using var client = cluster.CreateClient();
        var local = await SmallParquet.NumbersAsync(rows: 1000, rowGroupSize: 250, value: i => i);
        await client.PutAsync(local, "/footer/numbers.parquet", new PutOptions(BlockSize: 4096));
        await using var executor = await FakeDatanode.StartAsync(cluster, "DN-fake");
        await client.Jobs.SubmitAsync(Sql, new JobOptions(LocalityOff: true));

        var first = await executor.PullTaskAsync();
        var second = await executor.PullTaskAsync(first!.FooterDigest);

        Assert.False(first.Footer.IsEmpty);
        Assert.Equal(FooterDigest.Of(first.Footer.ToByteArray()), first.FooterDigest.ToByteArray());
        Assert.True(second!.Footer.IsEmpty);
        Assert.Equal(first.FooterDigest, second.FooterDigest);
        Assert.NotEqual(first.TaskIndex, second.TaskIndex);
        var third = await executor.PullTaskAsync(ByteString.CopyFrom(new byte[32]));
        Assert.False(third!.Footer.IsEmpty);
    }
}
