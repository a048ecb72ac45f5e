using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using DataLocal.NameNode.Scheduling;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.Scheduling;

/// <summary>Retries, lost nodes and lost replicas, driven with a fake clock and hand-made reports.</summary>
public sealed partial class JobManagerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly MetadataStore _store = new(Files.TempDirectory());
    private readonly BlockMap _blocks = new();
    private readonly DatanodeRegistry _registry;
    private readonly NamespaceManager _namespace;
    private readonly JobManager _jobs;
    private readonly CountingParser _parser = new();

    // The settings the job manager reads; a test may change one before it submits (speculation is off, as by default).
    private readonly NameNodeOptions _options;

    public JobManagerTests()
    {
        _registry = new DatanodeRegistry(_time);
        var ns = _namespace = new NamespaceManager(_store, _time);
        ns.CommitFile(new INodeRecord
        {
            Path = "/t.parquet",
            IsParquet = true,
            Length = 300,
            ParquetFooter = [1, 2, 3],
            Blocks = [Block(1, 0), Block(2, 100), Block(3, 200)],
        }, overwrite: false);
        foreach (var node in new[] { "a", "b", "c" })
        {
            _registry.Register(node, "http://" + node, "/default-rack", 100, 0, 100);
            _registry.MarkBlockReportReceived(node);
        }
        foreach (var blockId in new long[] { 1, 2, 3 })
        {
            _blocks.AddBlock(blockId, GenerationStamps.None);
            _blocks.AddReplica(blockId, "a");
            _blocks.AddReplica(blockId, "b");
        }
        var options = Options.Create(_options = new NameNodeOptions
        {
            LocalityWait = TimeSpan.FromSeconds(3),
            MaxTaskAttempts = 4,
            TaskLivenessTimeout = TimeSpan.FromSeconds(10),
            TaskTimeout = TimeSpan.FromMinutes(10),
            MaxResultSize = 1024,
            JobTimeout = TimeSpan.FromHours(1),
            MaxRunningJobs = 2,
        });
        _jobs = new JobManager(_parser, new JobPlanner(ns, new ExternalParquetSource(new HttpClient()), new ExternalSourcePolicy(options, _registry)), new ClusterReplicaOracle(_blocks, _registry, options),
            _registry, new JobHistory(_store),
            new JobOutputWriter(ns, new BlockIdGenerator(_store), _blocks, new BlockInvalidator(_blocks, new PendingDeletions()), _registry, new ReplicaPlacementPolicy(new Random(1)), options),
            options, _time, NullLogger<JobManager>.Instance);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Pull_NodeHoldingReplicas_GetsNodeLocalTasks()
    {
        await _jobs.SubmitAsync("q", null, false, 0);

        var task = _jobs.Pull("a");

        Assert.Equal(LocalityLevel.NodeLocal, task!.Attempt.Level);
        Assert.Equal(["a", "b"], task.ReplicaNodeIds);
    }

    [Fact]
    public async Task Report_FailedAttempt_RetriedOnAnotherNodeAndJobStillSucceeds()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var first = _jobs.Pull("a")!;
        _jobs.Report(Failed(first));

        Assert.Null(Next("a", first.Task.Index));
        var retry = Next("b", first.Task.Index)!;
        Assert.Equal(2, retry.Attempt.Attempt);
        _jobs.Report(Succeeded(retry));
        FinishAll(job.Id);

        Assert.Equal("succeeded", _jobs.Get(job.Id)!.State);
    }

    [Fact]
    public async Task Report_FourFailures_FailsTheJobNamingTheBlock()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // Each failure excludes its node, so the four attempts need four nodes.
            var node = $"n{attempt}";
            _registry.Register(node, "http://" + node, "/default-rack", 100, 0, 100);
            var task = _jobs.Pull(node)!;
            Assert.Equal(0, task.Task.Index);
            _jobs.Report(Failed(task));
        }

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.Contains("block 1 of /t.parquet", record.Error, StringComparison.Ordinal);
        Assert.Contains("failed 4 times", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnDatanodeLost_RunningTasksRequeuedAtOnceWithoutCountingAnAttempt()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var running = _jobs.Pull("a")!;

        _jobs.OnDatanodeLost("a");
        var again = _jobs.Pull("b")!;

        Assert.Equal(running.Task.Index, again.Task.Index);
        Assert.Equal(LocalityLevel.NodeLocal, again.Attempt.Level);
        Assert.Equal(0, again.Task.Failures);
        Assert.Contains(_jobs.Get(job.Id)!.Attempts, a => a.Outcome == "lost" && a.NodeId == "a");
    }

    [Fact]
    public async Task Report_FromAttemptAlreadyWrittenOff_Ignored()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var running = _jobs.Pull("a")!;
        _jobs.OnDatanodeLost("a");

        _jobs.Report(Succeeded(running));

        Assert.Equal(0, _jobs.Get(job.Id)!.TasksSucceeded);
    }

    [Fact]
    public async Task Pull_EveryReplicaOfPendingTaskLost_FailsTheJobNamingFileAndBlock()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        _blocks.RemoveNode("a");
        _blocks.RemoveNode("b");

        Assert.Null(_jobs.Pull("c"));

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.Contains("of /t.parquet", record.Error, StringComparison.Ordinal);
        Assert.Contains("no live replica", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_InputDeletedWhileTheJobRuns_FailsSayingTheFileWasDeleted()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        _jobs.Pull("a");
        DeleteInput();

        Assert.Null(_jobs.Pull("b"));

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.Contains("/t.parquet was deleted while the job was running", record.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_AttemptFailedAfterItsInputWasDeleted_FailsTheJobAtOnceSayingTheFileWasDeleted()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        var running = _jobs.Pull("a")!;
        DeleteInput();

        _jobs.Report(Failed(running));

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.Contains("/t.parquet was deleted while the job was running", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_EveryReplicaOfPendingTaskCorrupt_FailsTheJobSayingTheBlockIsCorrupt()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        _blocks.MarkCorrupt(1, "a");
        _blocks.MarkCorrupt(1, "b");

        while (_jobs.Pull("c") is { } task)
        {
            _jobs.Report(Succeeded(task));
        }

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.Contains("block 1 of /t.parquet (bytes 0..100) is corrupt: all 2 replicas failed checksum verification", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_RunningJob_StopsHandingOutTasks()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);

        Assert.Equal("killed", _jobs.Kill(job.Id).State);
        Assert.Null(_jobs.Pull("a"));
    }

    [Fact]
    public async Task Finish_WithOutput_EveryPartAndSuccessMarkerVisibleTogether()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0, outputPath: "/out");
        var blocks = RunAllWritingOutput(job.Id);

        Assert.Equal("succeeded", _jobs.Get(job.Id)!.State);
        Assert.Equal(["/out/_SUCCESS", "/out/part-00000.parquet", "/out/part-00001.parquet", "/out/part-00002.parquet"],
            _namespace.List("/out").Select(f => f.Path));
        Assert.All(blocks, id => Assert.True(_blocks.IsKnown(id)));
    }

    [Fact]
    public async Task Finish_OutputPathCreatedWhileRunning_JobFailsLeavingWhatWasThereUntouched()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0, outputPath: "/out");
        // Someone else writes into the output directory while the job runs.
        _blocks.AddBlock(99, GenerationStamps.None);
        _namespace.CommitFile(new INodeRecord { Path = "/out/part-00001.parquet", Length = 1, Blocks = [new BlockRecord { BlockId = 99, Length = 1 }] }, overwrite: false);

        var blocks = RunAllWritingOutput(job.Id);

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.Contains("/out: File exists", ended.Error, StringComparison.Ordinal);
        Assert.Equal(["/out/part-00001.parquet"], _namespace.List("/out").Select(f => f.Path));
        Assert.True(_blocks.IsKnown(99), "the other writer's committed block was discarded");
        foreach (var file in _namespace.AllFiles())
        {
            Assert.All(file.Blocks, b => Assert.True(_blocks.IsKnown(b.BlockId), $"{file.Path} is visible but its block {b.BlockId} was discarded"));
        }
        Assert.All(blocks, id => Assert.False(_blocks.IsKnown(id), $"the failed job's block {id} was kept"));
    }

    [Fact]
    public async Task Finish_MergeThrowsUnexpectedly_JobFailsWithTheReason()
    {
        var job = await _jobs.SubmitAsync("merge fails", null, false, 0);

        FinishAll(job.Id);

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.StartsWith("the namenode could not merge the results: merger bug", ended.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpireSilentAttempts_ReportLostAndExecutorStoppedListingIt_TaskRetriedElsewhereAndJobFinishes()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var lost = _jobs.Pull("a")!;
        _time.Advance(TimeSpan.FromSeconds(5));
        _jobs.ReconcileRunning("a", [Key(lost)]);
        _time.Advance(TimeSpan.FromSeconds(9));
        _jobs.ExpireSilentAttempts();
        Assert.Equal(TaskState.Running, lost.Task.State); // listed 9 s ago: still alive

        _time.Advance(TimeSpan.FromSeconds(2));
        _jobs.ExpireSilentAttempts();

        Assert.Equal(TaskState.Pending, lost.Task.State);
        Assert.Equal("failed", lost.Attempt.Outcome);
        Assert.Contains("datanode a stopped reporting this attempt", lost.Attempt.Error, StringComparison.Ordinal);
        var retry = Next("b", lost.Task.Index)!;
        _jobs.Report(Succeeded(retry));
        FinishAll(job.Id);
        Assert.Equal("succeeded", _jobs.Get(job.Id)!.State);
    }

    [Fact]
    public async Task ExpireSilentAttempts_NoExecutorEverListsTheTask_JobFailsAfterMaxAttemptsInsteadOfHanging()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);

        for (var round = 0; round < 10 && _jobs.Get(job.Id)!.State == "running"; round++)
        {
            foreach (var node in new[] { "a", "b", "c" })
            {
                while (_jobs.Pull(node) is not null)
                {
                }
            }
            _time.Advance(TimeSpan.FromSeconds(11));
            _jobs.ExpireSilentAttempts();
        }

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.Contains("failed 4 times", ended.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileRunning_AttemptPastTaskTimeout_FailedAndCancelled()
    {
        await _jobs.SubmitAsync("q", null, false, 0);
        var slow = _jobs.Pull("a")!;
        for (var i = 0; i < 60; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            Assert.Empty(_jobs.ReconcileRunning("a", [Key(slow)]));
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var cancel = _jobs.ReconcileRunning("a", [Key(slow)]);

        Assert.Equal([Key(slow)], cancel);
        Assert.Equal(TaskState.Pending, slow.Task.State);
        Assert.Contains("timed out after 600 s", slow.Attempt.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconcileRunning_AttemptOfKilledJobOrUnknown_Cancelled()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var running = _jobs.Pull("a")!;
        _jobs.Kill(job.Id);

        var cancel = _jobs.ReconcileRunning("a", [Key(running), new AttemptKey("no-such-job", 0, 1)]);

        Assert.Equal([Key(running), new AttemptKey("no-such-job", 0, 1)], cancel);
    }

    [Fact]
    public async Task Report_PartialsTogetherOverMaxResultSize_FailsAtOnceNamingTheSettingAndReleasesEveryPartial()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var first = _jobs.Pull("a")!;
        var second = _jobs.Pull("a")!;
        _jobs.Report(Succeeded(first) with { PartialResult = new byte[600] });
        Assert.NotNull(first.Task.Result);

        _jobs.Report(Succeeded(second) with { PartialResult = new byte[600] });

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.Equal("job results are larger than --max-result-size 1KB (1.2 KB so far); write them into the cluster with `job submit --output DIR`, or raise the limit (namenode --max-result-size)", ended.Error);
        Assert.Null(first.Task.Result);
        Assert.Null(second.Task.Result);
        Assert.Equal(0, first.Job.PartialBytesHeld);
    }

    [Fact]
    public async Task Report_ExecutorWithheldAPartialOverTheLimit_FailsTheJobWithoutRetry()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var task = _jobs.Pull("a")!;

        _jobs.Report(Failed(task) with { Permanent = true, WithheldResultBytes = 5000, Error = "its partial result is over the limit" });

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.StartsWith("job results are larger than --max-result-size 1KB (4.9 KB so far)", ended.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_MergedResultOverMaxResultSize_FailsNamingTheSettingAndStoresNothing()
    {
        var job = await _jobs.SubmitAsync("big merge", null, false, 0);

        FinishAll(job.Id);

        AssertFailedWithoutResult(job.Id, "job results are larger than --max-result-size 1KB (2 KB so far)");
    }

    [Fact]
    public async Task Finish_Succeeded_ResultStoredApartAndPartialsReleased()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var task = _jobs.Pull("a")!;
        _jobs.Report(Succeeded(task));

        FinishAll(job.Id);

        Assert.Null(task.Task.Result);
        using var result = _jobs.OpenResult(job.Id);
        Assert.Equal(["partials"], result.Columns);
        Assert.Equal("3", Assert.Single(result.Rows)[0]);
        Assert.Equal(1, _jobs.Get(job.Id)!.ResultRows);
    }

    [Fact]
    public async Task ExpireOverdueJobs_JobPastTheDefaultTimeout_FailsNamingTheSettingAndItsAttemptsAreCancelled()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0);
        var running = _jobs.Pull("a")!;
        _time.Advance(TimeSpan.FromMinutes(59));
        _jobs.ExpireOverdueJobs();
        Assert.Equal("running", _jobs.Get(job.Id)!.State);

        _time.Advance(TimeSpan.FromMinutes(2));
        _jobs.ExpireOverdueJobs();

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.StartsWith("timed out after 3600 s (namenode --job-timeout); its running tasks were stopped", ended.Error, StringComparison.Ordinal);
        Assert.Equal("killed", Assert.Single(ended.Attempts).Outcome);
        Assert.Equal([Key(running)], _jobs.ReconcileRunning("a", [Key(running)]));
        Assert.Null(_jobs.Pull("b"));
    }

    [Fact]
    public async Task ExpireOverdueJobs_TimeoutGivenAtSubmit_AppliesInsteadOfTheDefaultAndIsNamed()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0, timeout: TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(31));

        _jobs.ExpireOverdueJobs();

        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("failed", ended.State);
        Assert.StartsWith("timed out after 30 s (job submit --timeout)", ended.Error, StringComparison.Ordinal);
        Assert.Equal(30_000, ended.TimeoutMs);
    }

    [Fact]
    public async Task Submit_BeyondMaxRunningJobs_RefusedWithOneLineUntilOneEnds()
    {
        var first = await _jobs.SubmitAsync("q", null, false, 0);
        await _jobs.SubmitAsync("q", null, false, 0);

        var refused = await Assert.ThrowsAsync<ClusterBusyException>(() => _jobs.SubmitAsync("q", null, false, 0));
        Assert.Equal("the cluster is already running 2 jobs, as many as namenode --max-running-jobs 2 allows; submit again when one ends, or stop one with `datalocal job kill JOB`", refused.Message);

        _jobs.Kill(first.Id);
        Assert.Equal("running", (await _jobs.SubmitAsync("q", null, false, 0)).State);
    }

    [Fact]
    public async Task Submit_TimeoutOfZero_Refused()
    {
        var refused = await Assert.ThrowsAsync<InvalidQueryException>(() => _jobs.SubmitAsync("q", null, false, 0, timeout: TimeSpan.Zero));

        Assert.Contains("--timeout", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishedJobs_BeyondTheRecentWindow_LeaveMemoryButStayInTheHistory()
    {
        var ids = new List<string>();
        for (var i = 0; i < JobManager.RecentFinishedJobsKept + 50; i++)
        {
            var job = await _jobs.SubmitAsync("q", null, false, 0);
            FinishAll(job.Id);
            ids.Add(job.Id);
        }

        Assert.Equal(JobManager.RecentFinishedJobsKept, _jobs.JobsInMemory);
        Assert.Equal("succeeded", _jobs.Get(ids[0])!.State);
        Assert.Equal(3, _jobs.Get(ids[0])!.TasksSucceeded);
        Assert.Equal(ids.Count, _jobs.List().Count);
    }

    [Fact]
    public async Task Finish_WhileOneJobsResultIsMerged_OtherJobsPullReportAndStatusGoOn()
    {
        var slow = await _jobs.SubmitAsync("gated merge", null, false, 0);
        var other = await _jobs.SubmitAsync("q", null, false, 0);
        using var merging = StartHeldMerge(slow.Id);

        var others = Task.Run(() =>
        {
            var task = _jobs.Pull("b")!;
            _jobs.Report(Succeeded(task));
            return (Other: _jobs.Get(other.Id)!, Slow: _jobs.Get(slow.Id)!, Listed: _jobs.List().Count);
        });

        // Under the lock the merge held, these would wait for it (TimeoutException).
        var seen = await others.WaitAsync(Bounded);
        Assert.Single(seen.Other.Attempts);
        Assert.Equal(1, seen.Other.TasksSucceeded);
        Assert.Equal("running", seen.Slow.State);
        Assert.Equal(2, seen.Listed);
        await merging.ReleaseAsync();
        Assert.Equal("succeeded", _jobs.Get(slow.Id)!.State);
        using var result = _jobs.OpenResult(slow.Id);
        Assert.Equal("3", Assert.Single(result.Rows)[0]);
    }

    [Fact]
    public async Task Kill_WhileTheResultIsMerged_JobEndsKilledAndKeepsNoResult()
    {
        var job = await _jobs.SubmitAsync("gated merge", null, false, 0);
        using var merging = StartHeldMerge(job.Id);

        var kill = Task.Run(() => _jobs.Kill(job.Id));

        Assert.Equal("killed", (await kill.WaitAsync(Bounded)).State);
        await merging.ReleaseAsync();
        var ended = _jobs.Get(job.Id)!;
        Assert.Equal("killed", ended.State);
        Assert.Equal("killed by the user", ended.Error);
        Assert.Null(_store.OpenJobResult(job.Id));
    }

    [Fact]
    public async Task ExpireOverdueJobs_WhileTheResultIsMerged_JobEndsTimedOut()
    {
        var job = await _jobs.SubmitAsync("gated merge", null, false, 0, timeout: TimeSpan.FromSeconds(30));
        using var merging = StartHeldMerge(job.Id);
        _time.Advance(TimeSpan.FromSeconds(31));

        await Task.Run(_jobs.ExpireOverdueJobs).WaitAsync(Bounded);
        await merging.ReleaseAsync();

        AssertFailedWithoutResult(job.Id, "timed out after 30 s");
    }

    [Fact]
    public async Task AllocateOutputBlock_JobKilledMeanwhile_NoBlockForTheAttemptAndNoneLeftBehind()
    {
        var job = await _jobs.SubmitAsync("q", null, false, 0, outputPath: "/out");
        var task = _jobs.Pull("a")!;
        var before = _blocks.BlockCount;
        _jobs.Kill(job.Id);

        Assert.Null(_jobs.AllocateOutputBlock(job.Id, task.Task.Index, task.Attempt.Attempt, "a"));
        Assert.Equal(before, _blocks.BlockCount);
    }

    // How long a call that must not wait for a held merge may take: far beyond any honest call, so only a wait for the merge reaches it.
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs every task of a "gated merge" job and reports the last on a thread of its own, whose
    /// merge then waits until the returned handle is released (or disposed); returns once the merge has begun.
    /// </summary>
    private HeldMerge StartHeldMerge(string jobId)
    {
        var tasks = new List<AssignedTask>();
        while (tasks.Count < 3 && _jobs.Pull("a") is { } task)
        {
            Assert.Equal(jobId, task.Job.Id);
            tasks.Add(task);
        }
        Assert.Equal(3, tasks.Count);
        _jobs.Report(Succeeded(tasks[0]));
        _jobs.Report(Succeeded(tasks[1]));
        var reporter = Task.Run(() => _jobs.Report(Succeeded(tasks[2])));
        Assert.True(_parser.MergeStarted.Wait(Bounded), "the merge did not begin");
        return new HeldMerge(_parser.MergeGate, reporter);
    }

    /// <summary>A merge held at its gate; releasing it lets the merge go on and waits for the reporting call to return.</summary>
    private sealed class HeldMerge(ManualResetEventSlim gate, Task reporter) : IDisposable
    {
        public async Task ReleaseAsync()
        {
            gate.Set();
            await reporter.WaitAsync(Bounded);
        }

        public void Dispose() => gate.Set();
    }

    private void AssertFailedWithoutResult(string jobId, string errorStart)
    {
        var ended = _jobs.Get(jobId)!;
        Assert.Equal("failed", ended.State);
        Assert.StartsWith(errorStart, ended.Error, StringComparison.Ordinal);
        Assert.Null(_store.OpenJobResult(jobId));
    }

    private static AttemptKey Key(AssignedTask task) => new(task.Job.Id, task.Task.Index, task.Attempt.Attempt);

    /// <summary>Runs every task of an output job, each writing one part of 5 rows; returns the part blocks.</summary>
    private List<long> RunAllWritingOutput(string jobId)
    {
        var blocks = new List<long>();
        foreach (var node in new[] { "a", "b" })
        {
            while (_jobs.Pull(node) is { } task)
            {
                var (blockId, _) = _jobs.AllocateOutputBlock(jobId, task.Task.Index, task.Attempt.Attempt, node)!.Value;
                blocks.Add(blockId);
                _jobs.Report(Succeeded(task) with { Output = new TaskOutputFile(blockId, 100, 5, 1, [1], []) });
            }
        }
        Assert.Equal(3, blocks.Count);
        return blocks;
    }

    // What deleting /t.parquet does to the block map (BlockInvalidator): its blocks are forgotten.
    private void DeleteInput()
    {
        foreach (var blockId in new long[] { 1, 2, 3 })
        {
            _blocks.RemoveBlock(blockId);
        }
    }

    private AssignedTask? Next(string node, int expectedIndex)
    {
        // The other tasks are local to the node too; take tasks until the expected one comes up.
        for (var i = 0; i < 3; i++)
        {
            var task = _jobs.Pull(node);
            if (task is null || task.Task.Index == expectedIndex)
            {
                return task;
            }
            _jobs.Report(Succeeded(task));
        }
        return null;
    }

    private void FinishAll(string jobId)
    {
        foreach (var node in new[] { "a", "b", "c" })
        {
            while (_jobs.Pull(node) is { } task)
            {
                _jobs.Report(Succeeded(task));
            }
        }
        Assert.Equal(3, _jobs.Get(jobId)!.TasksSucceeded);
    }

    private static TaskOutcome Failed(AssignedTask task) =>
        new(task.Job.Id, task.Task.Index, task.Attempt.Attempt, task.Attempt.NodeId, false, false, "disk on fire", null, 0, 0, 0, 0, TimeSpan.FromSeconds(1));

    private static TaskOutcome Succeeded(AssignedTask task) =>
        new(task.Job.Id, task.Task.Index, task.Attempt.Attempt, task.Attempt.NodeId, true, false, null, [1], 100, 0, 10, 1, TimeSpan.FromSeconds(1));

    private static BlockRecord Block(long id, long offset) => new() { BlockId = id, Offset = offset, Length = 100, FirstRowGroup = (int)id - 1, RowGroupCount = 1, RowCount = 10 };

    /// <summary>Reads /t.parquet; merging counts the partial results.</summary>
    private sealed class CountingParser : IJobQueryParser
    {
        /// <summary>A "gated merge" query's merge signals this when it begins...</summary>
        public SemaphoreSlim MergeStarted { get; } = new(0);

        /// <summary>... and goes on only once this is set (a slow merge, held as long as a test needs).</summary>
        public ManualResetEventSlim MergeGate { get; } = new();

        /// <summary>The SQL text "merge fails" makes a query whose merge throws, as a bug in a merger would.</summary>
        /// <summary>"big merge" makes one whose merged result is 2 KB of text, over the tests' 1 KB --max-result-size.</summary>
        public IJobQuery Parse(string sql) => new CountingQuery(mergeFails: sql == "merge fails", bigMerge: sql == "big merge", sql == "gated merge" ? this : null);

        private sealed class CountingQuery(bool mergeFails, bool bigMerge, CountingParser? gated) : IJobQuery
        {
            public string Source => "/t.parquet";

            public Func<IReadOnlyList<ColumnStatisticsRecord>, bool> CheckFile(byte[] footer) => _ => true;

            public void CheckWritableAsOutput()
            {
            }

            public JobResult Merge(IEnumerable<byte[]> partials)
            {
                if (gated is not null)
                {
                    gated.MergeStarted.Release();
                    // Bounded, so a test that never opens the gate fails instead of hanging the suite.
                    gated.MergeGate.Wait(TimeSpan.FromSeconds(60));
                }
                return Merged(partials);
            }

            private JobResult Merged(IEnumerable<byte[]> partials) => mergeFails
                ? throw new ArgumentOutOfRangeException(nameof(partials), "merger bug")
                : bigMerge
                    ? new(["x"], [[new string('x', 2048 - 1)]])
                    : new(["partials"], [[partials.Count().ToString(System.Globalization.CultureInfo.InvariantCulture)]]);
        }
    }
}
