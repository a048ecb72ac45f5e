using System.Collections.Concurrent;
using DataLocal.Common.Threading;
using DataLocal.Protocol.Datanode;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// The attempts this executor is running, each with the switch that stops it. An attempt is listed
/// from the moment its task arrives until its report has reached the namenode, so the namenode's
/// liveness check never mistakes a finished-but-unreported attempt for a lost one.
/// </summary>
public sealed class RunningAttempts
{
    private readonly ConcurrentDictionary<(string JobId, int TaskIndex, int Attempt), CancellationTokenSource> _running = new();
    private readonly WorkSignal _started = new();

    /// <summary>Returns when an attempt is listed, at once if one already is: the listing loop sleeps while the executor is idle.</summary>
    public async Task WaitForAnyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var started = _started.Next;
            if (!_running.IsEmpty)
            {
                return;
            }
            await started.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists an attempt; the returned token is cancelled when the namenode asks for it to stop, or when the executor stops.</summary>
    public CancellationTokenSource Start(TaskAssignment task, CancellationToken stoppingToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[(task.JobId, task.TaskIndex, task.Attempt)] = stop;
        _started.Raise();
        return stop;
    }

    public void Finish(TaskAssignment task)
    {
        if (_running.TryRemove((task.JobId, task.TaskIndex, task.Attempt), out var stop))
        {
            stop.Dispose();
        }
    }

    /// <summary>Attempts running now, or finished and not yet reported (each holds a task slot).</summary>
    public int Count => _running.Count;

    public RunningTasksReport Listing(string nodeId)
    {
        var report = new RunningTasksReport { NodeId = nodeId };
        report.Attempts.AddRange(_running.Keys.Select(k => new RunningAttempt { JobId = k.JobId, TaskIndex = k.TaskIndex, Attempt = k.Attempt }));
        return report;
    }

    /// <summary>Stops the attempts the namenode no longer wants (timed out, superseded, job ended).</summary>
    public void Cancel(IEnumerable<RunningAttempt> attempts)
    {
        foreach (var attempt in attempts)
        {
            if (_running.TryGetValue((attempt.JobId, attempt.TaskIndex, attempt.Attempt), out var stop))
            {
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // It finished while the namenode answered: nothing left to stop.
                }
            }
        }
    }
}
