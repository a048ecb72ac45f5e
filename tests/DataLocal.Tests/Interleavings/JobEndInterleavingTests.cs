using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// The end of a job raced by a kill: two executors report the job's two tasks, the last report
/// merges the partials (or commits the output directory) outside the scheduler's lock, and the user
/// kills the job meanwhile; interleaved by the deterministic scheduler over the real JobManager.
/// After every step: a running job has something pending or running, or its finisher is at work; a
/// job the user saw killed never becomes anything else; a result or an output directory exists only
/// for a job that succeeded (or whose finisher is about to say so). At the end the job has ended
/// either way, leaving a result or output only if it succeeded, and no output block behind if not.
/// </summary>
public sealed class JobEndInterleavingTests
{
    [Fact]
    public void MergeKillReport_1000Schedules_KilledJobNeverSucceedsNoJobHung() =>
        Explore(output: false, ScheduleLoopFactAttribute.InSuite, firstSeed: 1);

    [Fact]
    public void CommitKillReport_1000Schedules_KilledJobLeavesNoOutputNoJobHung() =>
        Explore(output: true, ScheduleLoopFactAttribute.InSuite, firstSeed: 1);

    [ScheduleLoopFact]
    public void MergeKillReport_LongRun() =>
        Explore(output: false, ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    [ScheduleLoopFact]
    public void CommitKillReport_LongRun() =>
        Explore(output: true, ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    /// <summary>
    /// Why a running job would hang, or null: it has nothing pending or running, and no caller is
    /// between claiming its end and applying it (at a "finish:" point of JobManager, or at
    /// "after-lock:", where the claimer stores the job's records before it merges).
    /// </summary>
    internal static string? Hung(Job job, ScheduleView view) =>
        job.Tasks.Any(t => t.State is TaskState.Pending or TaskState.Running) || (job.Finishing && (view.AnyAt("finish:") || view.AnyAt("after-lock:")))
            ? null
            : $"{job.Id} is running with nothing running or pending{(job.Finishing ? " and nobody finishing it" : string.Empty)}";

    private static int Explore(bool output, int schedules, int firstSeed)
    {
        using var store = MetadataStore.InMemory();
        SchedulerCore.CommitInput(store, blocks: 2);
        var history = new JobHistory(store);
        var outputs = 0;
        return InterleavingExplorer.Explore(() => new KilledWhileEnding(store, history, output ? $"/out{++outputs}" : null), schedules, firstSeed);
    }

    private sealed class KilledWhileEnding : IInterleavingScenario
    {
        private const string User = "user";
        private readonly MetadataStore _store;
        private readonly SchedulerCore _core;
        private readonly string? _outputPath;
        private readonly string _jobId;
        private readonly int _inputBlocks;
        private bool _sawKilled;

        public KilledWhileEnding(MetadataStore store, JobHistory history, string? outputPath)
        {
            _store = store;
            _outputPath = outputPath;
            _core = new SchedulerCore(store, history, new SchedulerInterleavingTests.CountingParser(), ["a", "b"], [1, 2]);
            _inputBlocks = _core.Blocks.BlockCount;
            _jobId = _core.Jobs.SubmitAsync("q", null, localityOff: true, 0, outputPath).GetAwaiter().GetResult().Id;
            Operations =
            [
                new("executor a", context => Executor(context, "a")),
                new("executor b", context => Executor(context, "b")),
                new(User, _ => _sawKilled = _core.Jobs.Kill(_jobId).State == "killed"),
            ];
        }

        public IReadOnlyList<ScheduledOperation> Operations { get; }

        public void CheckInvariants(ScheduleView view)
        {
            var hung = _core.Jobs.InspectRunning(running => running.Select(job => Hung(job, view)).FirstOrDefault(p => p is not null));
            Assert.True(hung is null, hung);
            var job = _core.Jobs.Get(_jobId)!;
            Assert.False(_sawKilled && job.State != "killed", $"the user saw {_jobId} killed, and now it is {job.State}");
            // Stored or committed, but not yet applied: only while a finisher is between the two, or
            // has applied it and is about to drop the result of a job killed meanwhile (after-lock:).
            var applying = view.AnyAt("finish:merged") || view.AnyAt("after-lock:");
            Assert.True(job.State == "succeeded" || applying || !HasResult(), $"{_jobId} is {job.State} and has a stored result");
            Assert.True(job.State == "succeeded" || applying || !OutputVisible(), $"{_jobId} is {job.State} and its output {_outputPath} is visible");
        }

        public void CheckFinal()
        {
            var job = _core.Jobs.Get(_jobId)!;
            Assert.True(job.State is "succeeded" or "killed", $"{_jobId} ended {job.State} ({job.Error})");
            Assert.False(_sawKilled && job.State != "killed", $"the user saw {_jobId} killed, and it ended {job.State}");
            var succeeded = job.State == "succeeded";
            Assert.Equal(succeeded, _outputPath is null ? HasResult() : OutputVisible());
            // A killed job's output blocks are all discarded; a succeeded one's two parts are kept.
            var expectedBlocks = _inputBlocks + (succeeded && _outputPath is not null ? 2 : 0);
            Assert.Equal(expectedBlocks, _core.Blocks.BlockCount);
            if (succeeded && _outputPath is not null)
            {
                Assert.All(_core.Namespace.List(_outputPath).SelectMany(f => f.Blocks), b => Assert.True(_core.Blocks.IsKnown(b.BlockId)));
            }
        }

        public void Dispose()
        {
        }

        private void Executor(OperationContext context, string node)
        {
            if (_core.Jobs.Pull(node) is not { } task)
            {
                return;
            }
            context.Point($"{node}: running task {task.Task.Index}");
            TaskOutputFile? written = null;
            if (_outputPath is not null)
            {
                // An attempt of a job killed meanwhile gets no block: it fails, as an executor's would.
                if (_core.Jobs.AllocateOutputBlock(_jobId, task.Task.Index, task.Attempt.Attempt, node) is not { } block)
                {
                    _core.Jobs.Report(SchedulerCore.Outcome(task, succeeded: false));
                    return;
                }
                written = new TaskOutputFile(block.BlockId, 100, 5, 1, [1], []);
            }
            _core.Jobs.Report(SchedulerCore.Outcome(task, succeeded: true, written));
        }

        private bool HasResult()
        {
            using var result = _store.OpenJobResult(_jobId);
            return result is not null;
        }

        private bool OutputVisible() => _outputPath is not null && _core.Namespace.Find(_outputPath) is not null;
    }
}
