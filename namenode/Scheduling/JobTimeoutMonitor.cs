namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Responsible for ending jobs that run past their timeout (--job-timeout, or job submit --timeout),
/// so every job ends, whatever its tasks do.
/// </summary>
public sealed class JobTimeoutMonitor(JobManager jobs, TimeProvider time) : RunningJobSweep(jobs, time)
{
    /// <summary>Timeouts are meant in seconds and more; half a second of lateness is within that.</summary>
    protected override TimeSpan Period => TimeSpan.FromMilliseconds(500);

    protected override void Sweep() => Jobs.ExpireOverdueJobs();
}
