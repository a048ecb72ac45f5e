using DataLocal.Common.Security;
using System.Diagnostics;
using DataLocal.Protocol.Datanode;
using DataLocal.Testing;
using Grpc.Net.Client;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// An executor's pull waits on the namenode for work instead of polling: an idle cluster costs one
/// call per slot per wait, and a submitted job reaches a waiting slot at once.
/// </summary>
public sealed class TaskPullLongPollTests
{
    [Fact]
    public async Task PullTask_NoWork_AnsweredWithNoneOnlyAfterTheWait()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1,
            configureNameNode: o => o.TaskPullWait = TimeSpan.FromSeconds(1),
            configureDataNode: o => o.TaskSlots = 0);
        using var channel = CredentialChannel.For(cluster.NameNodeAddress, cluster.ClusterSecret);
        var exchange = new TaskExchange.TaskExchangeClient(channel);
        var clock = Stopwatch.StartNew();

        var reply = await exchange.PullTaskAsync(new PullTaskRequest { NodeId = cluster.BlockStoreOf(0).NodeId });

        Assert.False(reply.HasTask);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms: the pull did not wait");
    }

    [Fact]
    public async Task PullTask_JobSubmittedWhileWaiting_AnsweredWithItsTaskWithoutWaitingOut()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1,
            configureNameNode: o =>
            {
                o.TaskPullWait = TimeSpan.FromSeconds(25); // the longest allowed: an answer within it can only come from the wake-up
                o.LocalityWait = TimeSpan.Zero;
            },
            configureDataNode: o => o.TaskSlots = 0);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/longpoll.parquet");
        using var channel = CredentialChannel.For(cluster.NameNodeAddress, cluster.ClusterSecret);
        var exchange = new TaskExchange.TaskExchangeClient(channel);

        var pull = exchange.PullTaskAsync(new PullTaskRequest { NodeId = cluster.BlockStoreOf(0).NodeId }).ResponseAsync;
        await client.Jobs.SubmitAsync("SELECT count(*) FROM /longpoll.parquet");
        var reply = await pull.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(reply.HasTask);
        Assert.Equal(0, reply.Task.TaskIndex);
    }
}
