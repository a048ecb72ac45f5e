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
        while (!stoppingToken.IsCancellationRequested)
        {
            await Jobs.WaitForRunningJobAsync(stoppingToken).ConfigureAwait(false);
            // The timer exists only while jobs run: a PeriodicTimer fires from its creation on, whether
            // or not anyone awaits it, and each firing wakes the process (twice a second for the job
            // timeouts, ten times for speculation) on a namenode that has nothing to check.
            using var timer = new PeriodicTimer(Period, _time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sweep();
                if (!Jobs.HasRunningJobs)
                {
                    break;
                }
            }
        }
    }
}
