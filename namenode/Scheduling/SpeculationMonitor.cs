using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Responsible for finding stragglers to speculate (namenode --speculation), every
/// --speculation-interval while jobs run, as Spark's scheduler checks its task sets. Like the other
/// job sweeps it sleeps while no job runs; with speculation off it never starts.
/// </summary>
public sealed class SpeculationMonitor(JobManager jobs, IOptions<NameNodeOptions> options, TimeProvider time) : RunningJobSweep(jobs, time)
{
    protected override TimeSpan Period => options.Value.SpeculationInterval;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Speculation ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override void Sweep() => Jobs.CheckSpeculatableTasks();
}
