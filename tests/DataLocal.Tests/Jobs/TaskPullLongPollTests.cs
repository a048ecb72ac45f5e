using System.Diagnostics;
using DataLocal.Testing;

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
        await using var executor = await FakeDatanode.StartAsync(cluster, "DN-fake-executor");
        var clock = Stopwatch.StartNew();

        var task = await executor.PullTaskAsync();

        Assert.Null(task);
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
        await using var executor = await FakeDatanode.StartAsync(cluster, "DN-fake-executor");

        var pull = executor.PullTaskAsync();
        await client.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /longpoll.parquet");
        var task = await pull.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(task);
        Assert.Equal(0, task.TaskIndex);
    }
}
