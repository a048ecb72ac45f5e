using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// A straggler's speculative copy being pulled, the original's own report and the loss of the
/// original's node, interleaved by the deterministic scheduler over the real JobManager,
/// DatanodeRegistry, HeartbeatMonitor and BlockMap. After every step: a task has at most one
/// succeeded attempt, and once it has one no other attempt of it still runs (the loser is killed);
/// every task of a running job is pending, running on a live node or succeeded; a running job has
/// something to run. At the end, the surviving executors finish the job with each task counted once.
/// </summary>
public sealed class SpeculationInterleavingTests
{
    [Fact]
    public void CopyPulledOriginalReportsNodeLost_1000Schedules_TaskCountedOnceLoserKilledJobEnds() =>
        Explore(ScheduleLoopFactAttribute.InSuite, firstSeed: 1);

    [ScheduleLoopFact]
    public void CopyPulledOriginalReportsNodeLost_LongRun() =>
        Explore(ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    private static int Explore(int schedules, int firstSeed)
    {
        using var store = MetadataStore.InMemory();
        SchedulerCore.CommitInput(store, blocks: 2);
        var history = new JobHistory(store);
        return InterleavingExplorer.Explore(() => new StragglerRace(store, history), schedules, firstSeed);
    }

    /// <summary>
    /// A two-task job on a, b and c (each holds every block). Task X runs on a, task Y on b and has
    /// succeeded; X is a straggler marked for a copy, and a has fallen silent. Then, in any order: c's
    /// executor pulls (the copy, or X itself once a's loss requeued it) and reports it; a's executor,
    /// still alive though declared dead, reports X succeeded; the heartbeat monitor declares a dead.
    /// </summary>
    private sealed class StragglerRace : IInterleavingScenario
    {
        private const string Monitor = "heartbeat monitor";
        private readonly DatanodeRegistry _registry;
        private readonly JobManager _jobs;
        private readonly HeartbeatMonitor _monitor;
        private readonly AssignedTask _original;
        private readonly string _jobId;

        public StragglerRace(MetadataStore store, JobHistory history)
        {
            var core = new SchedulerCore(store, history, new SchedulerInterleavingTests.CountingParser(), ["a", "b", "c"], [1, 2]);
            core.Options.Value.Speculation = true;
            _registry = core.Registry;
            _jobs = core.Jobs;
            _monitor = new HeartbeatMonitor(_registry, core.Blocks, [_jobs], core.Options, core.Time, NullLogger<HeartbeatMonitor>.Instance);
            _jobId = _jobs.SubmitAsync("q", null, localityOff: true, 0).GetAwaiter().GetResult().Id;
            _original = _jobs.Pull("a")!;
            var other = _jobs.Pull("b")!;
            core.Time.Advance(TimeSpan.FromSeconds(1));
            _jobs.Report(SchedulerCore.Outcome(other, succeeded: true));
            // a falls silent past the dead-node timeout, and X has run far past 1.5 × Y's 1 s.
            core.Time.Advance(TimeSpan.FromSeconds(11));
            _registry.Heartbeat("b", 100, 0, 100, 0);
            _registry.Heartbeat("c", 100, 0, 100, 0);
            Assert.Equal(1, _jobs.CheckSpeculatableTasks());
            Operations =
            [
                new("executor c", CopyExecutor),
                new("executor a", context =>
                {
                    _jobs.Report(SchedulerCore.Outcome(_original, succeeded: true));
                    context.Point("a: reported the original");
                }),
                new(Monitor, _ => _monitor.CheckOnce()),
            ];
        }

        public IReadOnlyList<ScheduledOperation> Operations { get; }

        public void CheckInvariants(ScheduleView view)
        {
            var wrong = CountedOnceAndLosersKilled();
            Assert.True(wrong is null, wrong);
            var lossBeingHandled = view.At(Monitor).StartsWith("heartbeat:", StringComparison.Ordinal);
            var violation = SchedulerInvariants.RunningJobsViolation(_jobs, _registry, lossBeingHandled, view);
            Assert.True(violation is null, violation);
        }

        public void CheckFinal()
        {
            var job = SchedulerInvariants.FinishWith(_jobs, _jobId, "b", "c");
            Assert.True(job.State == "succeeded", $"{_jobId} is {job.State} ({job.Error}) after the live executors took every task they were given");
            var wrong = CountedOnceAndLosersKilled();
            Assert.True(wrong is null, wrong);
            Assert.DoesNotContain(job.Attempts, a => a.Outcome == "running");
            Assert.Equal(2, job.Attempts.Count(a => a.Outcome == "succeeded"));
        }

        public void Dispose()
        {
        }

        // Per task: at most one attempt succeeded, and none still runs beside a winner.
        private string? CountedOnceAndLosersKilled()
        {
            foreach (var task in _jobs.Get(_jobId)!.Attempts.GroupBy(a => a.TaskIndex))
            {
                var won = task.Count(a => a.Outcome == "succeeded");
                if (won > 1)
                {
                    return $"task {task.Key} was counted {won} times";
                }
                if (won == 1 && task.FirstOrDefault(a => a.Outcome == "running") is { } loser)
                {
                    return $"task {task.Key} succeeded, but attempt {loser.Attempt} on {loser.NodeId} still runs";
                }
            }
            return null;
        }

        private void CopyExecutor(OperationContext context)
        {
            if (_jobs.Pull("c") is not { } task)
            {
                return;
            }
            context.Point($"c: running attempt {task.Attempt.Attempt} of task {task.Task.Index}");
            _jobs.Report(SchedulerCore.Outcome(task, succeeded: true));
            context.Point("c: reported");
        }
    }
}
