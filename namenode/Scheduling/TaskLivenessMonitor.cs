using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Responsible for writing off task attempts nobody runs any more: their executor stopped listing
/// them, or they ran past the task timeout. Without it, one lost report hangs its job for ever.
/// </summary>
public sealed class TaskLivenessMonitor(JobManager jobs, IOptions<NameNodeOptions> options, TimeProvider time) : RunningJobSweep(jobs, time)
{
    // Four checks per liveness timeout keep detection within 25% of it.
    protected override TimeSpan Period =>
        options.Value.TaskLivenessTimeout / 4 is var period && period > TimeSpan.FromMilliseconds(50) ? period : TimeSpan.FromMilliseconds(50);

    protected override void Sweep() => Jobs.ExpireSilentAttempts();
}
