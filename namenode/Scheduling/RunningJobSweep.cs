using Microsoft.Extensions.Hosting;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// A periodic check of running jobs (timeouts, silent attempts). It ticks only while some job runs:
/// with no job there is nothing to check, so it sleeps until one is submitted.
/// </summary>
public abstract class RunningJobSweep : BackgroundService
{
    private readonly TimeProvider _time;

    protected RunningJobSweep(JobManager jobs, TimeProvider time)
    {
        Jobs = jobs;
        _time = time;
    }

    protected JobManager Jobs { get; }

    /// <summary>Time between checks while a job runs.</summary>
    protected abstract TimeSpan Period { get; }

    protected abstract void Sweep();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Jobs.WaitForRunningJobAsync(stoppingToken).ConfigureAwait(false);
            if (!await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                break;
            }
            Sweep();
        }
    }
}
