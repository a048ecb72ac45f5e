using DataLocal.DataNode.Executor;
using DataLocal.Protocol.Datanode;

namespace DataLocal.Tests.DataNode;

/// <summary>The executor's list of running attempts, each with the switch the namenode's cancel list throws.</summary>
public sealed class RunningAttemptsTests
{
    [Fact]
    public void Cancel_NamedAttempt_OnlyItsTokenFires_AndAFinishedOneIsNoLongerListed()
    {
        var running = new RunningAttempts();
        var loser = Task("job_1", 0, 2);
        var other = Task("job_1", 1, 1);
        using var executorStopping = new CancellationTokenSource();
        var loserStop = running.Start(loser, executorStopping.Token);
        var otherStop = running.Start(other, executorStopping.Token);

        running.Cancel([new RunningAttempt { JobId = "job_1", TaskIndex = 0, Attempt = 2 }, new RunningAttempt { JobId = "job_1", TaskIndex = 0, Attempt = 1 }]);

        Assert.True(loserStop.Token.IsCancellationRequested);
        Assert.False(otherStop.Token.IsCancellationRequested);
        running.Finish(loser);
        Assert.Equal([(1, 1)], running.Listing("DN-1").Attempts.Select(a => (a.TaskIndex, a.Attempt)));
        // A cancel arriving after the attempt finished finds nothing to stop.
        running.Cancel([new RunningAttempt { JobId = "job_1", TaskIndex = 0, Attempt = 2 }]);
    }

    private static TaskAssignment Task(string jobId, int index, int attempt) => new() { JobId = jobId, TaskIndex = index, Attempt = attempt };
}
