using DataLocal.Common.Threading;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Responsible for running jobs: plans them into tasks, hands tasks to executors that pull (most
/// local first, with delay scheduling), retries failures elsewhere, redoes work lost with a node, and
/// merges partial results. One lock guards all scheduling state, and nothing slow happens under it:
/// job records are stored through a <see cref="JobRecordJournal"/> after the lock is released, output
/// blocks are allocated and discarded outside it, and a job whose tasks have all succeeded is merged
/// (or its output committed) and its result stored outside it by the call that finished its last
/// task (<see cref="JobFinisher"/>), whose outcome is then applied under the lock only if the job
/// was not killed or timed out meanwhile.
/// </summary>
public sealed class JobManager(
    IJobQueryParser parser,
    JobPlanner planner,
    IReplicaOracle replicas,
    DatanodeRegistry registry,
    JobHistory history,
    JobOutputWriter outputs,
    IOptions<NameNodeOptions> options,
    TimeProvider time,
    ILogger<JobManager> logger) : IDatanodeLossListener
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly JobRecordJournal _journal = new(history);
    private readonly JobFinisher _finisher = new(outputs, history, options, logger);

    // Finished jobs live in the job history (LiteDB); only the most recent stay in memory too, so a
    // long-lived namenode's memory does not grow with every job it ever ran.
    private readonly Queue<Job> _recentlyFinished = new();

    /// <summary>How many finished jobs stay in memory besides the history, for quick `job status` of recent ones.</summary>
    public const int RecentFinishedJobsKept = 100;

    /// <summary>Jobs held in memory: every running one and up to <see cref="RecentFinishedJobsKept"/> finished ones.</summary>
    public int JobsInMemory
    {
        get
        {
            lock (_lock)
            {
                return _jobs.Count;
            }
        }
    }
    private readonly List<Job> _running = [];
    private readonly WorkSignal _work = new();

    /// <summary>Completes when there may be new work for executors: a job submitted or a task requeued.</summary>
    public Task WorkChanged => _work.Next;

    private readonly WorkSignal _jobsChanged = new();

    /// <summary>Completes when a task of some job finishes or a job ends: what a client waiting on a job looks for.</summary>
    public Task JobsChanged => _jobsChanged.Next;

    /// <summary>True while some job runs: the job sweeps (liveness, timeouts) have work only then.</summary>
    public bool HasRunningJobs
    {
        get
        {
            lock (_lock)
            {
                return _running.Count > 0;
            }
        }
    }

    /// <summary>Jobs running now (for metrics).</summary>
    public int RunningJobCount
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Returns when a job is running, at once if one already is: an idle namenode's job sweeps then sleep instead of ticking.</summary>
    public async Task WaitForRunningJobAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = WorkChanged;
            if (HasRunningJobs)
            {
                return;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True while some running job has a task (or a straggler's copy) waiting for a slot, perhaps for a more local one.</summary>
    public bool HasPendingTasks
    {
        get
        {
            lock (_lock)
            {
                return _running.Any(j => j.Pending.Count > 0 || j.Speculatable.Count > 0);
            }
        }
    }

    /// <param name="timeout">How long the job may run; null = the namenode's --job-timeout.</param>
    /// <param name="submitter">Who submits it, and the check of what they may read and write; null = the superuser, unchecked.</param>
    public async Task<JobRecord> SubmitAsync(
        string sql, TimeSpan? localityWait, bool localityOff, int maxAttempts, string? outputPath = null, TimeSpan? timeout = null,
        JobSubmitter? submitter = null, CancellationToken cancellationToken = default)
    {
        var user = submitter?.User ?? Security.Superuser.Name;
        if (timeout is { } asked && asked <= TimeSpan.Zero)
        {
            throw new InvalidQueryException("a job's timeout must be more than 0 (job submit --timeout)");
        }
        // Checked before planning too, so a busy cluster refuses at once without reading any footer.
        lock (_lock)
        {
            CheckRunningJobLimit(user);
        }
        var query = parser.Parse(sql);
        if (outputPath is not null)
        {
            query.CheckWritableAsOutput();
            outputPath = outputs.CheckOutputPath(outputPath);
        }
        submitter?.CheckAccess(query.Source, outputPath);
        var (tasks, total, skipped, metadataAnswer) = await planner.PlanAsync(query, cancellationToken).ConfigureAwait(false);
        var noReplica = tasks.FirstOrDefault(t => t.HasReplicas && replicas.LiveReplicaNodes(t).Count == 0 && !MayYetBeReported(t));
        if (noReplica is not null)
        {
            throw new InvalidQueryException(NoReplicaMessage(noReplica));
        }
        var now = time.GetUtcNow();
        var job = new Job($"job_{now:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}", sql, query, tasks,
            new DelaySchedulingState(localityWait ?? options.Value.LocalityWait, now))
        {
            LocalityOff = localityOff,
            MaxAttempts = maxAttempts > 0 ? maxAttempts : options.Value.MaxTaskAttempts,
            BlocksTotal = total,
            BlocksSkipped = skipped,
            MetadataAnswer = metadataAnswer,
            Submitted = now,
            OutputPath = outputPath,
            Timeout = timeout ?? options.Value.JobTimeout,
            TimeoutFromSubmit = timeout is not null,
            User = user,
        };
        foreach (var task in tasks)
        {
            job.Pending.Add(task, replicas);
        }
        var after = new AfterLock();
        lock (_lock)
        {
            if (tasks.Count > 0)
            {
                CheckRunningJobLimit(user);
            }
            _jobs[job.Id] = job;
            _journal.Append(job.ToRecord());
            if (tasks.Count == 0)
            {
                BeginFinish(job, after);
            }
            else
            {
                _running.Add(job);
                _work.Raise();
            }
        }
        RunAfterLock(after);
        logger.JobSubmitted(job.Id, tasks.Count, skipped);
        return Get(job.Id)!;
    }

    /// <summary>The best task for a node with a free slot, across running jobs in submission order; null when none may run there now.</summary>
    public AssignedTask? Pull(string nodeId)
    {
        var after = new AfterLock();
        try
        {
            return PullLocked(nodeId, after);
        }
        finally
        {
            RunAfterLock(after);
        }
    }

    private AssignedTask? PullLocked(string nodeId, AfterLock after)
    {
        lock (_lock)
        {
            // Checked under the lock: a node declared dead after this check has its loss handled
            // (OnDatanodeLost takes the same lock) after this task is recorded, so the task is requeued.
            // A node others cannot reach runs no task: its output could not be replicated from it, nor its reads retried.
            var node = registry.Find(nodeId);
            if (node is not { State: DatanodeState.Live, IsReachable: true })
            {
                return null;
            }
            var now = time.GetUtcNow();
            List<string>? liveNodeIds = null;
            foreach (var job in _running)
            {
                (ISchedulableTask Task, LocalityLevel Level)? offer = null;
                if (job.Pending.Count > 0)
                {
                    foreach (var excluded in job.Pending.WithExclusions.Cast<JobTask>())
                    {
                        liveNodeIds ??= [.. registry.LiveNodes().Select(n => n.NodeId)];
                        if (ReleaseExclusionsIfNoNodeLeft(excluded, liveNodeIds))
                        {
                            job.Pending.ExclusionsChanged(excluded);
                        }
                    }
                    offer = DelayScheduler.Offer(job.Pending, nodeId, job.Delay, replicas, job.LocalityOff, now);
                }
                // As Spark's TaskSetManager: a slot takes a copy of a straggler only when no pending task
                // of the job may run there, under the same delay scheduling; a task's running attempts
                // count among its excluded nodes, so a copy never lands beside its original.
                var speculative = false;
                if (offer is null && SpeculationCandidates(job) is { Count: > 0 } candidates)
                {
                    offer = DelayScheduler.Offer(candidates, nodeId, job.Delay, replicas, job.LocalityOff, now);
                    speculative = offer is not null;
                }
                if (offer is not { } chosen)
                {
                    continue;
                }
                var task = (JobTask)chosen.Task;
                var holders = replicas.LiveReplicaNodes(task);
                if (task.HasReplicas && holders.Count == 0)
                {
                    if (MayYetBeReported(task))
                    {
                        // A holder that restarted may report it any moment: the task waits, as others of the job may not.
                        continue;
                    }
                    Fail(job, NoReplicaMessage(task), after);
                    return null;
                }
                var attempt = new TaskAttempt
                {
                    TaskIndex = task.Index,
                    Attempt = ++task.AttemptsStarted,
                    BlockId = task.Input.BlockId,
                    File = task.Input.Url ?? task.Input.File,
                    NodeId = nodeId,
                    NodeAddress = node.Address,
                    Level = chosen.Level,
                    Started = now,
                    LastListed = now,
                    Speculative = speculative,
                    ReplicasAtLaunch = [.. holders],
                };
                task.State = TaskState.Running;
                job.Pending.Remove(task);
                job.Speculatable.Remove(task.Index);
                task.AddRunning(attempt);
                job.Attempts.Add(attempt);
                if (speculative)
                {
                    logger.SpeculativeAttemptLaunched(job.Id, task.Index, attempt.Attempt, nodeId, attempt.Level.ToWireName());
                }
                return new AssignedTask(job, task, attempt, NearestFirst(holders, nodeId));
            }
            return null;
        }
    }

    /// <summary>
    /// Takes an executor's report of one attempt. It counts only when that attempt was handed to the
    /// reporting node (whose identity the caller has authenticated) and is still running; a report for
    /// an attempt the node was never given is <see cref="ReportVerdict.NotAssigned"/> and changes nothing.
    /// </summary>
    public ReportVerdict Report(TaskOutcome outcome)
    {
        var after = new AfterLock();
        try
        {
            return ReportLocked(outcome, after);
        }
        finally
        {
            RunAfterLock(after);
            _jobsChanged.Raise();
        }
    }

    private ReportVerdict ReportLocked(TaskOutcome outcome, AfterLock after)
    {
        lock (_lock)
        {
            // Every attempt a job handed out stays in its list, so "never given to this node" is told
            // apart from "given, but written off since".
            if (!_jobs.TryGetValue(outcome.JobId, out var job)
                || !job.Attempts.Any(a => a.TaskIndex == outcome.TaskIndex && a.Attempt == outcome.Attempt && a.NodeId == outcome.NodeId))
            {
                return ReportVerdict.NotAssigned;
            }
            var task = job.Tasks[outcome.TaskIndex];
            // A report for an attempt that was already written off (its node was declared lost, the job
            // killed, another copy of the task won) changes nothing: no task is counted or merged twice.
            if (task.RunningAttempt(outcome.Attempt, outcome.NodeId) is not { } attempt || job.State != JobState.Running)
            {
                return ReportVerdict.WrittenOff;
            }
            var now = time.GetUtcNow();
            var partialBytes = outcome.Succeeded && job.OutputPath is null ? (outcome.PartialResult?.LongLength ?? 0) : outcome.WithheldResultBytes;
            if (job.PartialBytesHeld + partialBytes > options.Value.MaxResultSize)
            {
                // No retry can make the results smaller: the job fails at once, and what it holds goes with it.
                task.EndRunning(attempt, "failed", $"its partial result ({partialBytes} bytes) took the job's results over --max-result-size", now);
                attempt.Duration = outcome.Duration;
                Fail(job, ResultSizeLimit.ExceededMessage(options.Value.MaxResultSize, job.PartialBytesHeld + partialBytes), after);
                return ReportVerdict.Counted;
            }
            attempt.BytesLocal = outcome.BytesLocal;
            attempt.BytesRemote = outcome.BytesRemote;
            attempt.RowsIn = outcome.RowsIn;
            attempt.RowsOut = outcome.RowsOut;
            if (outcome.Succeeded)
            {
                task.EndRunning(attempt, "succeeded", null, now);
                attempt.Duration = outcome.Duration;
                task.SucceededIn = now - attempt.Started;
                StopLosingAttempts(task, attempt, outcome.Output, now, after);
                task.State = TaskState.Succeeded;
                task.Result = outcome.PartialResult ?? [];
                job.PartialBytesHeld += partialBytes;
                task.Output = outcome.Output;
                if (job.Tasks.All(t => t.State == TaskState.Succeeded))
                {
                    BeginFinish(job, after);
                }
                return ReportVerdict.Counted;
            }
            if (task.HasReplicas && replicas.LiveReplicaNodes(task).Count == 0 && !MayYetBeReported(task))
            {
                // The attempt most likely failed for the same reason no replica is left (its file was
                // deleted, every replica is corrupt): no retry can help, and the reason is the error.
                task.EndRunning(attempt, "failed", outcome.Error, now);
                attempt.Duration = outcome.Duration;
                task.State = TaskState.Failed;
                Fail(job, NoReplicaMessage(task), after);
                return ReportVerdict.Counted;
            }
            FailAttempt(job, task, attempt, outcome.Error ?? "failed", outcome.Permanent, after);
            attempt.Duration = outcome.Duration;
            return ReportVerdict.Counted;
        }
    }

    /// <summary>
    /// Spark's periodic checkSpeculatableTasks (namenode --speculation, every --speculation-interval
    /// while jobs run): marks the stragglers of running jobs (<see cref="StragglerDetector"/>) for a
    /// copy and wakes waiting pulls to start them. Returns how many tasks it newly marked.
    /// </summary>
    public int CheckSpeculatableTasks()
    {
        if (!options.Value.Speculation)
        {
            return 0;
        }
        var marked = 0;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var settings = SpeculationSettings.From(options.Value);
            foreach (var job in _running.Where(j => !j.Finishing))
            {
                foreach (var (task, threshold) in StragglerDetector.Stragglers(job, settings, now))
                {
                    if (job.Speculatable.Add(task.Index))
                    {
                        marked++;
                        logger.TaskSpeculatable(job.Id, task.Index, (long)(now - task.RunningAttempts[0].Started).TotalMilliseconds, (long)threshold.TotalMilliseconds);
                    }
                }
            }
            if (marked > 0)
            {
                _work.Raise();
            }
        }
        return marked;
    }

    /// <summary>
    /// A block for the running attempt's output, first replica on its own node; null when the attempt
    /// is no longer current. The block id is reserved in LiteDB outside the lock; the block is
    /// recorded with its task only if the attempt is still current then (so the job's end discards
    /// or commits it), and discarded here otherwise.
    /// </summary>
    public (long BlockId, IReadOnlyList<DatanodeDescriptor> Pipeline)? AllocateOutputBlock(string jobId, int taskIndex, int attempt, string nodeId)
    {
        lock (_lock)
        {
            if (CurrentOutputTask(jobId, taskIndex, attempt, nodeId) is null)
            {
                return null;
            }
        }
        var allocated = outputs.Allocate(nodeId);
        Interleaving.Point("allocate-output:allocated");
        lock (_lock)
        {
            if (CurrentOutputTask(jobId, taskIndex, attempt, nodeId) is { } task)
            {
                task.OutputBlocks.Add(allocated.BlockId);
                return allocated;
            }
        }
        outputs.Discard([allocated.BlockId]);
        return null;
    }

    // The task of a running output job whose current attempt is this one, or null.
    private JobTask? CurrentOutputTask(string jobId, int taskIndex, int attempt, string nodeId) =>
        _jobs.TryGetValue(jobId, out var job) && job.OutputPath is not null && job.State == JobState.Running
            && taskIndex >= 0 && taskIndex < job.Tasks.Count && job.Tasks[taskIndex] is var task
            && task.RunningAttempt(attempt, nodeId) is not null
            ? task
            : null;

    /// <summary>
    /// An executor's listing of the attempts it runs: renews their liveness, fails those past the task
    /// timeout, and returns the listed attempts the executor should stop (timed out, superseded, or
    /// of a job that has ended).
    /// </summary>
    public IReadOnlyList<AttemptKey> ReconcileRunning(string nodeId, IReadOnlyCollection<AttemptKey> listed)
    {
        var cancel = new List<AttemptKey>();
        var after = new AfterLock();
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var key in listed)
            {
                var task = _jobs.TryGetValue(key.JobId, out var job) && job.State == JobState.Running && key.TaskIndex >= 0 && key.TaskIndex < job.Tasks.Count
                    ? job.Tasks[key.TaskIndex]
                    : null;
                if (task?.RunningAttempt(key.Attempt, nodeId) is not { } attempt)
                {
                    cancel.Add(key);
                    continue;
                }
                attempt.LastListed = now;
                if (now - attempt.Started > options.Value.TaskTimeout)
                {
                    cancel.Add(key);
                    FailAttempt(job!, task, attempt,
                        $"timed out after {options.Value.TaskTimeout.TotalSeconds:0} s (namenode --task-timeout)", permanent: false, after);
                }
            }
        }
        RunAfterLock(after);
        return cancel;
    }

    /// <summary>
    /// Writes off attempts that no listing from their executor has named within the liveness timeout
    /// (their report was lost, their slot failed) and attempts past the task timeout, so no job waits
    /// for ever on an attempt nobody runs. Each counts as a failure of its task.
    /// </summary>
    public void ExpireSilentAttempts()
    {
        var after = new AfterLock();
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var job in _running.ToList())
            {
                foreach (var (task, attempt) in job.Tasks.SelectMany(t => t.RunningAttempts.Select(a => (t, a))).ToList())
                {
                    if (job.State != JobState.Running)
                    {
                        break;
                    }
                    if (now - attempt.LastListed > options.Value.TaskLivenessTimeout)
                    {
                        FailAttempt(job, task, attempt,
                            $"datanode {attempt.NodeId} stopped reporting this attempt for {options.Value.TaskLivenessTimeout.TotalSeconds:0} s (its report was lost or its task slot failed)", permanent: false, after);
                    }
                    else if (now - attempt.Started > options.Value.TaskTimeout)
                    {
                        FailAttempt(job, task, attempt,
                            $"timed out after {options.Value.TaskTimeout.TotalSeconds:0} s (namenode --task-timeout)", permanent: false, after);
                    }
                }
            }
        }
        RunAfterLock(after);
    }

    /// <summary>
    /// Fails every job still running past its timeout (job submit --timeout, or --job-timeout). Its
    /// running attempts are written off here; their executors are told to stop them in the reply to
    /// their next running-task listing, as for any job that has ended.
    /// </summary>
    public void ExpireOverdueJobs()
    {
        var after = new AfterLock();
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var job in _running.Where(j => j.Stoppable && now - j.Submitted > j.Timeout).ToList())
            {
                StopRunningAttempts(job, "killed", "its job timed out");
                var setting = job.TimeoutFromSubmit ? "job submit --timeout" : "namenode --job-timeout";
                Fail(job, $"timed out after {Seconds(job.Timeout)} ({setting}); its running tasks were stopped. Submit it with a longer --timeout, or narrow the query", after);
            }
        }
        RunAfterLock(after);
    }

    /// <summary>
    /// Requeues at once every task running on a lost node, unless a copy of it still runs elsewhere;
    /// losing a node does not count against a task.
    /// </summary>
    public void OnDatanodeLost(string nodeId)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var job in _running)
            {
                foreach (var task in job.Tasks.Where(t => t.RunningAttempts.Any(a => a.NodeId == nodeId)))
                {
                    foreach (var attempt in task.RunningAttempts.Where(a => a.NodeId == nodeId).ToList())
                    {
                        task.EndRunning(attempt, "lost", $"datanode {nodeId} was lost", now);
                    }
                    if (task.RunningAttempts.Count == 0)
                    {
                        task.State = TaskState.Pending;
                        job.Pending.Add(task, replicas);
                        _work.Raise();
                    }
                }
            }
        }
    }

    /// <summary>
    /// Kills a running job, also one whose result is being merged (the merge is thrown away); a job
    /// whose output commit has begun cannot be stopped any more, and ends as its commit decides.
    /// </summary>
    public JobRecord Kill(string jobId)
    {
        var after = new AfterLock();
        lock (_lock)
        {
            if (_jobs.TryGetValue(jobId, out var job) && job.Stoppable)
            {
                End(job, JobState.Killed, "killed by the user", after);
            }
        }
        RunAfterLock(after);
        return Get(jobId) ?? throw new UnknownJobException(jobId);
    }

    /// <summary>A snapshot of a job (live or from the history), or null when there is no such job.</summary>
    public JobRecord? Get(string jobId)
    {
        JobRecord? record = null;
        var unstoredEnd = false;
        lock (_lock)
        {
            if (_jobs.TryGetValue(jobId, out var job))
            {
                record = job.ToRecord();
                unstoredEnd = job.State != JobState.Running && !job.FinalRecordStored;
            }
        }
        if (record is null)
        {
            return history.Find(jobId);
        }
        StoreBeforeTelling(unstoredEnd);
        return record;
    }

    public IReadOnlyList<JobRecord> List()
    {
        var live = new List<JobRecord>();
        var unstoredEnd = false;
        lock (_lock)
        {
            live.AddRange(_jobs.Values.Select(j => j.ToRecord()));
            unstoredEnd = _jobs.Values.Any(j => j.State != JobState.Running && !j.FinalRecordStored);
        }
        StoreBeforeTelling(unstoredEnd);
        var liveIds = live.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        return [.. live.Concat(history.All().Where(j => !liveIds.Contains(j.Id))).OrderByDescending(j => j.SubmittedUtc)];
    }

    /// <summary>
    /// A job's end is told to nobody before its final record is stored: the record is appended under
    /// the lock and written just after it, and a client answered in between, then a namenode restart,
    /// would find the job "failed" (the history's verdict on a job it last saw running) after being
    /// told it succeeded. Writing what is queued here closes that window; it is cheap when nothing is.
    /// </summary>
    private void StoreBeforeTelling(bool unstoredEnd)
    {
        if (unstoredEnd)
        {
            _journal.Sync();
        }
    }

    /// <summary>A succeeded job's result, read from the job history as it is paged out.</summary>
    public StoredJobResult OpenResult(string jobId)
    {
        var job = Get(jobId) ?? throw new UnknownJobException(jobId);
        if (job.State != "succeeded")
        {
            throw new InvalidOperationException(job.State == "running"
                ? $"{jobId} is still running; its result can be read once it succeeds (`datalocal job status {jobId} --watch`)"
                : $"{jobId} {job.State} and has no result: {job.Error}");
        }
        return history.OpenResult(job);
    }

    /// <summary>Reads the running jobs under the scheduler's lock (for invariant checks in tests).</summary>
    internal T InspectRunning<T>(Func<IReadOnlyList<Job>, T> read)
    {
        lock (_lock)
        {
            return read(_running);
        }
    }

    /// <summary>
    /// Claims the end of a job whose tasks have all succeeded (under the lock): only this caller will
    /// merge or commit it, after releasing the lock. The partials move out of the tasks into the work.
    /// </summary>
    private static void BeginFinish(Job job, AfterLock after)
    {
        job.Finishing = true;
        if (job.OutputPath is null)
        {
            List<byte[]> partials = [.. job.Tasks.Select(t => t.Result ?? [])];
            if (job.MetadataAnswer is { } answer)
            {
                partials.Add(answer);
            }
            ReleasePartials(job);
            after.Finish = new FinishWork(job, job.Query, partials, null);
            return;
        }
        var parts = job.Tasks.Where(t => t.Output is { RowCount: > 0 }).Select(t => new StagedPart(t.Index, t.Output!)).ToList();
        after.Finish = new FinishWork(job, job.Query, null, new StagedOutput(job.OutputPath, parts, [.. job.Tasks.SelectMany(t => t.OutputBlocks)], job.User));
    }

    /// <summary>
    /// Ends a job as its finish turned out (under the lock). A job killed or timed out while its
    /// result was merged stays as it ended, and the result stored for it goes; a job whose output
    /// commit had begun could not be stopped, so it is still running here.
    /// </summary>
    private void ApplyFinish(Job job, FinishOutcome outcome, AfterLock after)
    {
        if (job.State != JobState.Running)
        {
            if (outcome.Succeeded)
            {
                after.DeleteResultOf = job.Id;
            }
            return;
        }
        job.OutputCommitted = outcome.OutputCommitted;
        if (!outcome.Succeeded)
        {
            Fail(job, outcome.Error!, after);
            return;
        }
        job.ResultColumns = outcome.Result!.Columns;
        job.ResultColumnTypes = outcome.Result.ColumnTypes ?? [];
        job.ResultColumnSqlTypes = outcome.Result.ColumnSqlTypes ?? [];
        job.ResultRows = outcome.Result.Rows.Count;
        job.ResultBytes = outcome.ResultBytes;
        End(job, JobState.Succeeded, null, after);
    }

    /// <summary>
    /// The slow work a call found under the lock, done after releasing it: job records stored, output
    /// blocks discarded, a finished job merged or committed and the outcome applied under the lock again.
    /// </summary>
    private void RunAfterLock(AfterLock after)
    {
        // Between the lock and the journal: records appended under the lock are not stored yet.
        Interleaving.Point("after-lock:storing");
        _journal.Sync();
        if (after.Discards.Count > 0)
        {
            outputs.Discard(after.Discards);
        }
        if (after.DeleteResultOf is { } killed)
        {
            history.DeleteResult(killed);
        }
        if (after.Finish is not { } work)
        {
            return;
        }
        Interleaving.Point("finish:merging");
        var outcome = _finisher.Run(work);
        Interleaving.Point("finish:merged");
        var applied = new AfterLock();
        lock (_lock)
        {
            ApplyFinish(work.Job, outcome, applied);
        }
        RunAfterLock(applied);
    }

    private void Fail(Job job, string error, AfterLock after) => End(job, JobState.Failed, error, after);

    private void CheckRunningJobLimit(string user)
    {
        if (_running.Count >= options.Value.MaxRunningJobs)
        {
            throw new ClusterBusyException(
                $"the cluster is already running {_running.Count} job{(_running.Count == 1 ? string.Empty : "s")}, as many as namenode --max-running-jobs {options.Value.MaxRunningJobs} allows; submit again when one ends, or stop one with `datalocal job kill JOB`");
        }
        var mine = _running.Count(j => j.User == user);
        if (mine >= options.Value.MaxRunningJobsPerUser)
        {
            throw new ClusterBusyException(
                $"user {user} is already running {mine} job{(mine == 1 ? string.Empty : "s")}, as many as namenode --max-running-jobs-per-user {options.Value.MaxRunningJobsPerUser} allows; submit again when one ends, or stop one with `datalocal job kill JOB`");
        }
    }

    /// <summary>Ends a job's running attempts as <paramref name="outcome"/>; their executors are told to stop them when they next list what they run.</summary>
    private void StopRunningAttempts(Job job, string outcome, string? error)
    {
        var now = time.GetUtcNow();
        foreach (var task in job.Tasks)
        {
            foreach (var attempt in task.RunningAttempts.ToList())
            {
                task.EndRunning(attempt, outcome, error, now);
            }
        }
    }

    /// <summary>The job's stragglers that may still get a copy: running, with exactly one attempt.</summary>
    private static List<ISchedulableTask> SpeculationCandidates(Job job)
    {
        if (job.Speculatable.Count == 0 || job.Finishing)
        {
            return [];
        }
        job.Speculatable.RemoveWhere(i => job.Tasks[i] is not { State: TaskState.Running, RunningAttempts.Count: 1 });
        return [.. job.Speculatable.Select(i => job.Tasks[i])];
    }

    /// <summary>
    /// The first attempt of a task to finish wins, as in Spark: its other copies end here as killed,
    /// their executors are told to stop them in the reply to their next running-task listing, their
    /// reports are ignored from now on, and the output blocks they were given are discarded at once,
    /// so a loser leaves no block behind.
    /// </summary>
    private static void StopLosingAttempts(JobTask task, TaskAttempt winner, TaskOutputFile? output, DateTimeOffset now, AfterLock after)
    {
        foreach (var loser in task.RunningAttempts.ToList())
        {
            task.EndRunning(loser, "killed", $"attempt {winner.Attempt} of the task, on {winner.NodeId}, finished first", now);
        }
        var kept = output?.BlockId;
        after.Discards.AddRange(task.OutputBlocks.Where(b => b != kept));
        task.OutputBlocks.RemoveAll(b => b != kept);
    }

    /// <summary>Drops the partial results a job holds for its merge; the memory goes back at once, whatever ended the job.</summary>
    private static void ReleasePartials(Job job)
    {
        foreach (var task in job.Tasks)
        {
            task.Result = null;
        }
        job.PartialBytesHeld = 0;
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>
    /// A task excluded from every live node (it failed on each, or the nodes it did not fail on have
    /// died since) would stay pending for ever. Its remaining attempts may go anywhere; the attempt
    /// limit, and the check for a live replica at launch, still end a hopeless task.
    /// </summary>
    private static bool ReleaseExclusionsIfNoNodeLeft(JobTask task, IReadOnlyCollection<string> liveNodeIds)
    {
        if (task.ExcludedNodes.Count > 0 && liveNodeIds.All(task.ExcludedNodes.Contains))
        {
            task.ClearExclusions();
            return true;
        }
        return false;
    }

    /// <summary>
    /// One failed attempt, still running until here: the task is retried on another node (unless a
    /// copy of it still runs, which may yet finish it), or its job fails once the task has used up its attempts.
    /// </summary>
    private void FailAttempt(Job job, JobTask task, TaskAttempt attempt, string error, bool permanent, AfterLock after)
    {
        task.EndRunning(attempt, "failed", error, time.GetUtcNow());
        task.Failures++;
        task.Exclude(attempt.NodeId);
        _ = ReleaseExclusionsIfNoNodeLeft(task, [.. registry.LiveNodes().Select(n => n.NodeId)]);
        if (permanent || task.Failures >= job.MaxAttempts)
        {
            task.State = TaskState.Failed;
            var why = permanent ? string.Empty : $" (failed {task.Failures} times)";
            Fail(job, $"task {task.Index} ({Describe(task)}){why}: {error}", after);
            return;
        }
        if (task.RunningAttempts.Count > 0)
        {
            return;
        }
        task.State = TaskState.Pending;
        job.Pending.Add(task, replicas);
        _work.Raise();
    }

    private void End(Job job, JobState state, string? error, AfterLock after)
    {
        if (state != JobState.Succeeded && job.OutputPath is not null && !job.OutputCommitted)
        {
            // Nothing of a failed job's output becomes visible; its blocks go. Once committed, they
            // are files' blocks and stay, whatever fails afterwards.
            after.Discards.AddRange(job.Tasks.SelectMany(t => t.OutputBlocks));
        }
        if (state != JobState.Succeeded)
        {
            // Whatever ended the job, what still runs of it is killed, as Spark records it: never left
            // "running" in the job's record. Executors are told to stop such attempts when they next list them.
            StopRunningAttempts(job, "killed", state == JobState.Failed ? "its job failed" : "its job was killed");
        }
        ReleasePartials(job);
        job.State = state;
        job.Error = error;
        job.Finished = time.GetUtcNow();
        _running.Remove(job);
        _journal.Append(job.ToRecord(), ended: job);
        _recentlyFinished.Enqueue(job);
        // A job leaves memory only once its final record is stored: until then the history has an older one.
        while (_recentlyFinished.Count > RecentFinishedJobsKept && _recentlyFinished.Peek().FinalRecordStored)
        {
            _jobs.Remove(_recentlyFinished.Dequeue().Id);
        }
        logger.JobFinished(job.Id, state.ToString(), error ?? string.Empty);
        _jobsChanged.Raise();
    }

    // Same rack first, so a remote read crosses as little of the network as it can.
    private List<string> NearestFirst(IReadOnlyList<string> holders, string nodeId)
    {
        var rack = replicas.RackOf(nodeId);
        return [.. holders.OrderBy(h => h == nodeId ? 0 : rack is not null && replicas.RackOf(h) == rack ? 1 : 2)];
    }

    /// <summary>
    /// A block with no live replica that a restarted holder may still report (it registered and its
    /// block report has not come yet, within the dead-node window): its task waits instead of failing
    /// its job at once. The file being deleted needs no waiting.
    /// </summary>
    private bool MayYetBeReported(JobTask task) => replicas.WhyNoReplica(task) is { InputDeleted: false, ReportsPending: true };

    private static string Describe(JobTask task) =>
        task.Input.Url is not null ? task.Input.Url : $"block {task.Input.BlockId} of {task.Input.File}";

    // The one line a job fails with when a block has no live good replica: the reason decides what to do about it.
    private string NoReplicaMessage(JobTask task)
    {
        var why = replicas.WhyNoReplica(task);
        var block = $"block {task.Input.BlockId} of {task.Input.File} (bytes {task.Input.Offset}..{task.Input.Offset + task.Input.Length})";
        return why switch
        {
            { InputDeleted: true } => InputDeletedMessage(task),
            { CorruptReplicas: > 0 } => $"{block} is corrupt: all {why.CorruptReplicas} replicas failed checksum verification; run `datalocal fs fsck {task.Input.File} --recover` to rebuild it",
            _ => $"{block} has no live replica; restart the datanodes that held it",
        };
    }

    private static string InputDeletedMessage(JobTask task) =>
        $"{task.Input.File} was deleted while the job was running (its block {task.Input.BlockId} belongs to no file now); submit the job again once the input exists";
}

/// <summary>No job has this id.</summary>
public sealed class UnknownJobException(string jobId) : Exception($"{jobId}: no such job (see `datalocal job list`)");

/// <summary>The cluster runs as many jobs as --max-running-jobs allows; the message says what to do.</summary>
public sealed class ClusterBusyException(string message) : Exception(message);
