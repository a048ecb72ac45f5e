using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Scheduling;

/// <summary>
/// Speculative execution of stragglers (namenode --speculation), as Spark's spark.speculation: which
/// tasks get a copy, where it goes, and that the first attempt to finish wins while the other is
/// stopped and never counted. Durations are set with the fake clock.
/// </summary>
public sealed partial class JobManagerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task CheckSpeculatableTasks_TaskSlowerThanMultiplierTimesMedian_GetsOneCopyOnAnotherReplicaHolderNeverBesideItsOriginal()
    {
        _options.Speculation = true;
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var straggler = _jobs.Pull("a")!;
        var others = new[] { _jobs.Pull("b")!, _jobs.Pull("a")! };
        _time.Advance(Second);
        Array.ForEach(others, t => _jobs.Report(Succeeded(t)));

        // 1 s: not slower than 1.5 × the 1 s median yet.
        Assert.Equal(0, _jobs.CheckSpeculatableTasks());
        Assert.Null(_jobs.Pull("b"));
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(1, _jobs.CheckSpeculatableTasks());
        Assert.Null(_jobs.Pull("a"));
        var copy = _jobs.Pull("b")!;

        Assert.Equal(straggler.Task.Index, copy.Task.Index);
        Assert.Equal((2, true, LocalityLevel.NodeLocal), (copy.Attempt.Attempt, copy.Attempt.Speculative, copy.Attempt.Level));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _jobs.CheckSpeculatableTasks());
        Assert.Null(_jobs.Pull("c"));
        var attempts = _jobs.Get(job.Id)!.Attempts.Where(a => a.TaskIndex == straggler.Task.Index).Select(a => (a.Attempt, a.NodeId, a.Outcome, a.Speculative));
        Assert.Equal([(1, "a", "running", false), (2, "b", "running", true)], attempts);
    }

    [Fact]
    public async Task CheckSpeculatableTasks_FewerThanTheQuantileFinished_NothingSpeculatedHoweverSlow()
    {
        _options.Speculation = true;
        await _jobs.SubmitAsync("q", null, false, 0);
        var straggler = _jobs.Pull("a")!;
        var first = _jobs.Pull("b")!;
        var second = _jobs.Pull("a")!;
        _time.Advance(Second);
        _jobs.Report(Succeeded(first));
        _time.Advance(TimeSpan.FromSeconds(60));

        // 1 of 3 finished; ⌊0.75 × 3⌋ = 2 must have.
        Assert.Equal(0, _jobs.CheckSpeculatableTasks());
        Assert.Null(_jobs.Pull("b"));
        _jobs.Report(Succeeded(second));

        // The median of 1 s and 61 s is 31 s; the straggler has run 61 s, over 1.5 × 31 s.
        Assert.Equal(1, _jobs.CheckSpeculatableTasks());
        Assert.Equal(straggler.Task.Index, _jobs.Pull("b")!.Task.Index);
    }

    [Fact]
    public async Task CheckSpeculatableTasks_StragglerUnderTheMinimumTaskRuntime_NotSpeculatedUntilItPassesIt()
    {
        _options.Speculation = true;
        await _jobs.SubmitAsync("q", null, false, 0);
        _ = _jobs.Pull("a")!;
        var others = new[] { _jobs.Pull("b")!, _jobs.Pull("a")! };
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Array.ForEach(others, t => _jobs.Report(Succeeded(t)));

        // 60 ms is 6 × the 10 ms median, but under the 100 ms minimum task runtime.
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, _jobs.CheckSpeculatableTasks());
        _time.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Equal(1, _jobs.CheckSpeculatableTasks());
    }

    [Fact]
    public async Task CheckSpeculatableTasks_SpeculationOffAsByDefault_NoStragglerEverCopied()
    {
        await _jobs.SubmitAsync("q", null, false, 0);
        _ = _jobs.Pull("a")!;
        var others = new[] { _jobs.Pull("b")!, _jobs.Pull("a")! };
        _time.Advance(Second);
        Array.ForEach(others, t => _jobs.Report(Succeeded(t)));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, _jobs.CheckSpeculatableTasks());
        Assert.Null(_jobs.Pull("b"));
    }

    [Fact]
    public async Task Report_CopyFinishesFirst_OriginalKilledAndCancelledAndItsLateResultNotMerged()
    {
        var race = await StartRaceAsync();

        _jobs.Report(Succeeded(race.Copy));

        Assert.Equal(TaskState.Succeeded, race.Original.Task.State);
        Assert.Equal("killed", race.Original.Attempt.Outcome);
        Assert.Equal("attempt 2 of the task, on b, finished first", race.Original.Attempt.Error);
        Assert.Equal([Key(race.Original)], _jobs.ReconcileRunning("a", [Key(race.Original), Key(race.Other)]));
        _jobs.Report(Succeeded(race.Original));
        Assert.Equal(2, _jobs.Get(race.JobId)!.TasksSucceeded);
        _jobs.Report(Succeeded(race.Other));
        using var result = _jobs.OpenResult(race.JobId);
        Assert.Equal("3", Assert.Single(result.Rows)[0]);
        Assert.Equal(3, _jobs.Get(race.JobId)!.Attempts.Count(a => a.Outcome == "succeeded"));
    }

    [Fact]
    public async Task Report_OriginalFinishesFirst_CopyKilledAndCancelled()
    {
        var race = await StartRaceAsync();

        _jobs.Report(Succeeded(race.Original));

        Assert.Equal("killed", race.Copy.Attempt.Outcome);
        Assert.Equal([Key(race.Copy)], _jobs.ReconcileRunning("b", [Key(race.Copy)]));
        _jobs.Report(Succeeded(race.Copy));
        _jobs.Report(Succeeded(race.Other));
        using var result = _jobs.OpenResult(race.JobId);
        Assert.Equal("3", Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task Report_CopyFailsWhileTheOriginalRuns_TaskKeepsRunningNotRequeuedAndTheOriginalCanStillWin()
    {
        var race = await StartRaceAsync();

        _jobs.Report(Failed(race.Copy));

        Assert.Equal(TaskState.Running, race.Original.Task.State);
        Assert.Equal(1, race.Original.Task.Failures);
        Assert.Null(_jobs.Pull("c"));
        _jobs.Report(Succeeded(race.Original));
        Assert.Equal(TaskState.Succeeded, race.Original.Task.State);
    }

    [Fact]
    public async Task OnDatanodeLost_NodeOfTheOriginal_CopyGoesOnAndTheTaskIsNotRequeued()
    {
        var race = await StartRaceAsync();

        _jobs.OnDatanodeLost("a");

        Assert.Equal(TaskState.Running, race.Original.Task.State);
        Assert.Equal("lost", race.Original.Attempt.Outcome);
        Assert.Null(_jobs.Pull("c"));
        _jobs.Report(Succeeded(race.Copy));
        Assert.Equal(TaskState.Succeeded, race.Original.Task.State);
    }

    [Fact]
    public async Task Report_CopyWinsAnOutputJob_LosersBlockDiscardedAtOnceAndOnePartPerTask()
    {
        var race = await StartRaceAsync(outputPath: "/out");
        var losersBlock = _jobs.AllocateOutputBlock(race.JobId, race.Original.Task.Index, race.Original.Attempt.Attempt, "a")!.Value.BlockId;
        var winner = WroteOutput(race.Copy);

        _jobs.Report(winner);

        Assert.False(_blocks.IsKnown(losersBlock), "the losing attempt's output block was kept");
        Assert.Null(_jobs.AllocateOutputBlock(race.JobId, race.Original.Task.Index, race.Original.Attempt.Attempt, "a"));
        _jobs.Report(WroteOutput(race.Original));
        _jobs.Report(WroteOutput(race.Other));
        Assert.Equal("succeeded", _jobs.Get(race.JobId)!.State);
        Assert.Equal(["/out/_SUCCESS", "/out/part-00000.parquet", "/out/part-00001.parquet", "/out/part-00002.parquet"],
            _namespace.List("/out").Select(f => f.Path));
        Assert.Equal(winner.Output!.BlockId, _namespace.Find("/out/part-00000.parquet")!.Blocks[0].BlockId);
    }

    /// <summary>Task 0 (original, on a) racing its speculative copy (on b); task 1 succeeded; task 2 (other, on a) still running.</summary>
    private sealed record Race(string JobId, AssignedTask Original, AssignedTask Copy, AssignedTask Other);

    /// <summary>
    /// With speculation on and a quantile low enough that one finished task is enough: task 0 starts on
    /// a, task 1 on b and succeeds after 1 s, task 2 starts on a then; 0.6 s later task 0 has run
    /// 1.6 s, over 1.5 × the 1 s median, and its copy starts on b.
    /// </summary>
    private async Task<Race> StartRaceAsync(string? outputPath = null)
    {
        _options.Speculation = true;
        _options.SpeculationQuantile = 0.3;
        var job = await _jobs.SubmitAsync("q", null, false, 0, outputPath: outputPath);
        var original = _jobs.Pull("a")!;
        var first = _jobs.Pull("b")!;
        _time.Advance(Second);
        _jobs.Report(outputPath is null ? Succeeded(first) : WroteOutput(first));
        var other = _jobs.Pull("a")!;
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(1, _jobs.CheckSpeculatableTasks());
        var copy = _jobs.Pull("b")!;
        Assert.Equal((0, 2, 0), (original.Task.Index, other.Task.Index, copy.Task.Index));
        return new Race(job.Id, original, copy, other);
    }

    /// <summary>The report of an attempt that wrote a part of 5 rows into an output block of its own.</summary>
    private TaskOutcome WroteOutput(AssignedTask task)
    {
        var allocated = _jobs.AllocateOutputBlock(task.Job.Id, task.Task.Index, task.Attempt.Attempt, task.Attempt.NodeId);
        return Succeeded(task) with { Output = allocated is { } block ? new TaskOutputFile(block.BlockId, 100, 5, 1, [1], []) : null };
    }
}
