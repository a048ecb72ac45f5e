using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Responsible for writing off task attempts nobody runs any more: their executor stopped listing
/// them, or they ran past the task timeout. Without it, one lost report hangs its job for ever.
/// </summary>
public sealed class TaskLivenessMonitor(JobManager jobs, IOptions<NameNodeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Four checks per liveness timeout keep detection within 25% of it.
        var period = options.Value.TaskLivenessTimeout / 4;
        using var timer = new PeriodicTimer(period < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : period, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            // No job, nothing to check: sleep until one is submitted rather than tick.
            await jobs.WaitForRunningJobAsync(stoppingToken).ConfigureAwait(false);
            if (!await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                break;
            }
            jobs.ExpireSilentAttempts();
        }
    }
}
