namespace DataLocal.NameNode.Scheduling;

/// <summary>How stragglers are told apart (namenode --speculation-multiplier, --speculation-quantile, --speculation-min-task-runtime).</summary>
public sealed record SpeculationSettings(double Multiplier, double Quantile, TimeSpan MinTaskRuntime)
{
    public static SpeculationSettings From(NameNodeOptions options) =>
        new(options.SpeculationMultiplier, options.SpeculationQuantile, options.SpeculationMinTaskRuntime);
}

/// <summary>
/// Finds a job's stragglers as Spark's TaskSetManager.checkSpeculatableTasks does: once
/// max(1, ⌊quantile × tasks⌋) tasks have succeeded, a task whose only running attempt has run longer
/// than max(multiplier × the median of their durations, the minimum task runtime) is one. A task
/// already racing a copy is not, so a task never runs more than two attempts at once. Pure: the job
/// and the time come in.
/// </summary>
public static class StragglerDetector
{
    /// <summary>The job's stragglers now, with the runtime each exceeded.</summary>
    public static IEnumerable<(JobTask Task, TimeSpan Threshold)> Stragglers(Job job, SpeculationSettings settings, DateTimeOffset now)
    {
        var durations = job.Tasks.Where(t => t.State == TaskState.Succeeded && t.SucceededIn is not null).Select(t => t.SucceededIn!.Value).ToList();
        var minFinished = Math.Max(1, (int)Math.Floor(settings.Quantile * job.Tasks.Count));
        if (durations.Count < minFinished)
        {
            return [];
        }
        var threshold = TimeSpan.FromTicks(Math.Max((long)(settings.Multiplier * Median(durations).Ticks), settings.MinTaskRuntime.Ticks));
        return job.Tasks.Where(t => t.State == TaskState.Running && t.RunningAttempts.Count == 1 && now - t.RunningAttempts[0].Started > threshold)
            .Select(t => (t, threshold));
    }

    private static TimeSpan Median(List<TimeSpan> durations)
    {
        durations.Sort();
        var middle = durations.Count / 2;
        return durations.Count % 2 == 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
    }
}
