using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Scheduling;

/// <summary>
/// A job that fails while other attempts of it still run: those attempts are recorded as killed (as
/// Spark shows them KILLED), never left "running" in the job's record, and their executors are told
/// to stop them (issue 7).
/// </summary>
public sealed partial class JobManagerTests
{
    [Fact]
    public async Task JobFails_OtherAttemptsStillRunning_RecordedKilledAndTheirExecutorsToldToStop()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, maxAttempts: 1);
        var failing = _jobs.Pull("a")!;
        var others = new[] { _jobs.Pull("b")!, _jobs.Pull("c")! };

        _jobs.Report(Failed(failing));

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.DoesNotContain(record.Attempts, a => a.Outcome == "running");
        Assert.All(others, o => Assert.Equal("killed", record.Attempts.Single(a => a.TaskIndex == o.Task.Index && a.Attempt == o.Attempt.Attempt).Outcome));
        foreach (var other in others)
        {
            var key = new AttemptKey(job.Id, other.Task.Index, other.Attempt.Attempt);
            Assert.Equal([key], _jobs.ReconcileRunning(other.Attempt.NodeId, [key]));
        }
    }
}
