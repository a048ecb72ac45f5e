using Microsoft.Extensions.Hosting;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Responsible for ending jobs that run past their timeout (--job-timeout, or job submit --timeout),
/// so every job ends, whatever its tasks do.
/// </summary>
public sealed class JobTimeoutMonitor(JobManager jobs, TimeProvider time) : BackgroundService
{
    /// <summary>Timeouts are meant in seconds and more; half a second of lateness is within that.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            // No job, nothing to check: sleep until one is submitted rather than tick.
            await jobs.WaitForRunningJobAsync(stoppingToken).ConfigureAwait(false);
            if (!await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                break;
            }
            jobs.ExpireOverdueJobs();
        }
    }
}
