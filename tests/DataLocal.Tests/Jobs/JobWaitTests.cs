using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Grpc;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Client;
using DataLocal.Tests.Interleavings;
using DataLocal.Testing;
using Grpc.Core;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// WaitJob, the long poll a client waits on a job with: it answers when the job changes, not at the
/// end of its wait. The namenode's clock is fake and never advanced unless a test says so, so an
/// answer can only come from the change itself.
/// </summary>
public sealed class JobWaitTests : IDisposable
{
    private readonly MetadataStore _store = MetadataStore.InMemory();
    private readonly SchedulerCore _core;
    private readonly JobControlService _service;

    public JobWaitTests()
    {
        SchedulerCore.CommitInput(_store, blocks: 2);
        _core = new SchedulerCore(_store, new JobHistory(_store), new SchedulerInterleavingTests.CountingParser(), ["a"], [1, 2]);
        _service = new JobControlService(_core.Jobs, new SafeMode(_core.Blocks), _core.Time, new PermissionChecker(_core.Namespace, new UserDirectory(_store, _core.Time)));
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task WaitJob_NothingSeenYet_AnswersAtOnce()
    {
        var id = (await _core.Jobs.SubmitAsync("q", null, localityOff: true, 0)).Id;

        var status = await _service.WaitJob(new WaitJobRequest { JobId = id, MaxWaitMs = 20_000 }, Context());

        Assert.Equal(("running", 2), (status.State, status.TasksTotal));
    }

    [Fact]
    public async Task WaitJob_JobEndsWhileWaiting_AnswersWithTheEndWithoutTheClockMoving()
    {
        var id = (await _core.Jobs.SubmitAsync("q", null, localityOff: true, 0)).Id;
        var first = _core.Jobs.Pull("a")!;
        var second = _core.Jobs.Pull("a")!;
        _core.Jobs.Report(SchedulerCore.Outcome(first, succeeded: true));
        var seen = await _service.GetJob(new JobRequest { JobId = id }, Context());

        var wait = _service.WaitJob(Seen(seen, maxWaitMs: 20_000), Context());
        Assert.False(wait.IsCompleted, "the wait answered although nothing changed");
        _core.Jobs.Report(SchedulerCore.Outcome(second, succeeded: true));
        var status = await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("succeeded", 2), (status.State, status.TasksSucceeded));
    }

    [Fact]
    public async Task WaitJob_NothingChanges_AnswersUnchangedOnceItsWaitIsOver()
    {
        var id = (await _core.Jobs.SubmitAsync("q", null, localityOff: true, 0)).Id;
        var seen = await _service.GetJob(new JobRequest { JobId = id }, Context());

        var wait = _service.WaitJob(Seen(seen, maxWaitMs: 5_000), Context());
        _core.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(wait.IsCompleted, "the wait answered before its time although nothing changed");
        _core.Time.Advance(TimeSpan.FromSeconds(1));
        var status = await wait.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(("running", 0), (status.State, status.TasksSucceeded));
    }

    [Fact]
    public async Task WaitJob_UnknownJob_SaysNoSuchJob()
    {
        var error = await Assert.ThrowsAsync<UnknownJobException>(() => _service.WaitJob(new WaitJobRequest { JobId = "job-nosuch", MaxWaitMs = 1000 }, Context()));

        Assert.Contains("no such job", error.Message, StringComparison.Ordinal);
    }

    private static WaitJobRequest Seen(JobStatus seen, long maxWaitMs) => new()
    {
        JobId = seen.JobId,
        SeenState = seen.State,
        SeenTasksSucceeded = seen.TasksSucceeded,
        SeenTasksRunning = seen.TasksRunning,
        MaxWaitMs = maxWaitMs,
    };

    private static FakeServerCallContext Context() => new();
}
