using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// Executors pulling and reporting tasks while the heartbeat monitor declares one of their nodes
/// dead, interleaved by the deterministic scheduler over the real JobManager, DatanodeRegistry,
/// HeartbeatMonitor and BlockMap. After every step: every task of a running job is pending, running
/// on a live node (or on one whose loss the monitor is handling right now), or succeeded, and a
/// running job has something pending or running, or is being merged by the call that finished it.
/// At the end, the surviving executors can finish the job.
/// </summary>
public sealed class SchedulerInterleavingTests
{
    [Fact]
    public void PullNodeLossReport_1000Schedules_NoTaskLostNoJobHung() =>
        Explore(ScheduleLoopFactAttribute.InSuite, firstSeed: 1);

    [ScheduleLoopFact]
    public void PullNodeLossReport_LongRun() =>
        Explore(ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    // One in-memory LiteDB (the input file's inode and the job history) for all schedules.
    private static int Explore(int schedules, int firstSeed)
    {
        using var store = MetadataStore.InMemory();
        SchedulerCore.CommitInput(store, blocks: 3);
        // Opening a history reads every job stored: once, not once a schedule.
        var history = new JobHistory(store);
        return InterleavingExplorer.Explore(() => new ThreeTaskJob(store, history), schedules, firstSeed);
    }

    /// <summary>
    /// A three-task job on datanodes a, b and c (each holds every block). Executors on a and b pull
    /// up to two tasks each and report them (b's first attempt fails and is retried); the heartbeat
    /// monitor finds a silent and declares it dead. A node declared dead is gone: its executor never
    /// reports what it was running.
    /// </summary>
    internal sealed class ThreeTaskJob : IInterleavingScenario
    {
        private const string Monitor = "heartbeat monitor";
        private readonly DatanodeRegistry _registry;
        private readonly JobManager _jobs;
        private readonly HeartbeatMonitor _monitor;
        private readonly string _jobId;
        private bool _bFailedOnce;

        public ThreeTaskJob(MetadataStore store, JobHistory history)
        {
            var core = new SchedulerCore(store, history, new CountingParser(), ["a", "b", "c"], [1, 2, 3]);
            _registry = core.Registry;
            _jobs = core.Jobs;
            _monitor = new HeartbeatMonitor(_registry, core.Blocks, [_jobs], core.Options, core.Time, NullLogger<HeartbeatMonitor>.Instance);
            _jobId = _jobs.SubmitAsync("q", null, localityOff: true, 0).GetAwaiter().GetResult().Id;
            // a falls silent past the dead-node timeout; b and c keep heartbeating.
            core.Time.Advance(TimeSpan.FromSeconds(11));
            _registry.Heartbeat("b", 100, 0, 100, 0);
            _registry.Heartbeat("c", 100, 0, 100, 0);
            Operations =
            [
                new("executor a", context => Executor(context, "a")),
                new("executor b", context => Executor(context, "b")),
                new(Monitor, _ => _monitor.CheckOnce()),
            ];
        }

        public IReadOnlyList<ScheduledOperation> Operations { get; }

        public void CheckInvariants(ScheduleView view)
        {
            var monitorAt = view.At(Monitor);
            var lossBeingHandled = monitorAt.StartsWith("heartbeat:", StringComparison.Ordinal);
            var violation = SchedulerInvariants.RunningJobsViolation(_jobs, _registry, lossBeingHandled, view);
            Assert.True(violation is null, violation);
        }

        public void CheckFinal()
        {
            // The surviving executors take whatever is left: the job must end.
            var job = SchedulerInvariants.FinishWith(_jobs, _jobId, "b", "c");
            Assert.True(job.State == "succeeded", $"{_jobId} is {job.State} ({job.Error}) after the live executors took every task they were given");
        }

        public void Dispose()
        {
        }

        private void Executor(OperationContext context, string node)
        {
            for (var i = 0; i < 2; i++)
            {
                if (_jobs.Pull(node) is not { } task)
                {
                    return;
                }
                context.Point($"{node}: running task {task.Task.Index}");
                if (_registry.Find(node)!.State == DatanodeState.Dead)
                {
                    return; // declared dead: this node is gone and reports nothing
                }
                var succeeded = node != "b" || _bFailedOnce;
                _bFailedOnce |= node == "b";
                _jobs.Report(SchedulerCore.Outcome(task, succeeded));
                context.Point($"{node}: reported task {task.Task.Index}");
            }
        }
    }

    /// <summary>Reads /t.parquet; merging counts the partial results.</summary>
    internal sealed class CountingParser : IJobQueryParser
    {
        public IJobQuery Parse(string sql) => new CountingQuery();

        private sealed class CountingQuery : IJobQuery
        {
            public string Source => "/t.parquet";

            public Func<IReadOnlyList<ColumnStatisticsRecord>, bool> CheckFile(byte[] footer) => _ => true;

            public void CheckWritableAsOutput()
            {
            }

            public JobResult Merge(IEnumerable<byte[]> partials) =>
                new(["partials"], [[partials.Count().ToString(System.Globalization.CultureInfo.InvariantCulture)]]);
        }
    }
}
