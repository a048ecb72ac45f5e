using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// A job's end told to a client, then the namenode restarting: two executors report the job's two
/// tasks (the last report merges and ends the job, and its final record is written to the job history
/// after the scheduler's lock is released), the user kills the job, clients ask for it (`job status`,
/// `job list`), and at some step the namenode restarts: the job history is opened again from the
/// store, as a new process would (a job it finds running becomes failed). Interleaved by the
/// deterministic scheduler over the real JobManager. Whatever ended state a client was told before
/// the restart must be the one read back after it: a client told "succeeded" must not find the job
/// "failed" (the namenode restarted while it ran) because the record saying so was not yet stored.
/// </summary>
public sealed class JobEndRestartInterleavingTests
{
    [Fact]
    public void EndGetListRestart_1000Schedules_EndedStateSeenByClientIsReadBackAfterRestart() =>
        Explore(ScheduleLoopFactAttribute.InSuite, firstSeed: 1);

    [ScheduleLoopFact]
    public void EndGetListRestart_LongRun() =>
        Explore(ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    private static int Explore(int schedules, int firstSeed)
    {
        using var store = MetadataStore.InMemory();
        SchedulerCore.CommitInput(store, blocks: 2);
        var history = new JobHistory(store);
        return InterleavingExplorer.Explore(() => new EndSeenThenRestart(store, history), schedules, firstSeed);
    }

    private sealed class EndSeenThenRestart : IInterleavingScenario
    {
        private const string Running = "running";
        private readonly MetadataStore _store;
        private readonly SchedulerCore _core;
        private readonly string _jobId;

        // What clients were told of the job's end, in order; and, once the namenode restarted, what
        // they had been told by then and what the restarted namenode reads back.
        private readonly List<string> _told = [];
        private (IReadOnlyList<string> Told, string? ReadBack)? _restart;

        public EndSeenThenRestart(MetadataStore store, JobHistory history)
        {
            _store = store;
            _core = new SchedulerCore(store, history, new SchedulerInterleavingTests.CountingParser(), ["a", "b"], [1, 2]);
            _jobId = _core.Jobs.SubmitAsync("q", null, localityOff: true, 0).GetAwaiter().GetResult().Id;
            Operations =
            [
                new("executor a", context => Executor(context, "a")),
                new("executor b", context => Executor(context, "b")),
                new("user kill", _ => Tell(_core.Jobs.Kill(_jobId).State)),
                new("client status", context => Ask(context, () => [_core.Jobs.Get(_jobId)!.State])),
                new("client list", context => Ask(context, () => [.. _core.Jobs.List().Where(j => j.Id == _jobId).Select(j => j.State)])),
                new("namenode restart", _ => Restart()),
            ];
        }

        public IReadOnlyList<ScheduledOperation> Operations { get; }

        public void CheckInvariants(ScheduleView view) => CheckRestart();

        public void CheckFinal()
        {
            CheckRestart();
            Assert.True(_restart is not null, "the restart never ran");
        }

        public void Dispose()
        {
        }

        private void CheckRestart()
        {
            if (_restart is not { } restart || restart.Told.Count == 0)
            {
                return;
            }
            // A job ends once: every client was told the same state, and the restarted namenode must agree.
            var told = restart.Told[0];
            Assert.True(restart.Told.All(s => s == told), $"clients were told {string.Join(", ", restart.Told)} of {_jobId}");
            Assert.True(told == restart.ReadBack,
                $"a client was told {_jobId} {told}, and after a restart the namenode reads it back as {restart.ReadBack ?? "unknown"}");
        }

        // A restarted namenode opens the job history from what the store holds, nothing else.
        private void Restart() => _restart = ([.. _told], new JobHistory(_store).Find(_jobId)?.State);

        private void Ask(OperationContext context, Func<IReadOnlyList<string>> ask)
        {
            for (var i = 0; i < 3; i++)
            {
                foreach (var state in ask())
                {
                    Tell(state);
                }
                context.Point("client: answered");
            }
        }

        private void Tell(string state)
        {
            if (state != Running && _restart is null)
            {
                _told.Add(state);
            }
        }

        private void Executor(OperationContext context, string node)
        {
            if (_core.Jobs.Pull(node) is not { } task)
            {
                return;
            }
            context.Point($"{node}: running task {task.Task.Index}");
            _core.Jobs.Report(SchedulerCore.Outcome(task, succeeded: true));
        }
    }
}
