using DataLocal.Common.Metrics;
using DataLocal.NameNode.Persistence;
using Prometheus;

namespace DataLocal.NameNode.Http;

/// <summary>
/// The namenode's counters of work done: task attempts by locality level and outcome, the bytes they
/// read, and job durations, added to as each job ends (from its final record, so a job counts once).
/// State gauges (nodes, capacity, blocks) are <see cref="NameNodeStateGauges"/>.
/// </summary>
public sealed class NameNodeMetrics(RoleMetrics metrics)
{
    private readonly Counter _attempts = metrics.Factory.CreateCounter("datalocal_task_attempts_total",
        "Task attempts of ended jobs, by locality level (NODE_LOCAL, RACK_LOCAL, ANY) and outcome.", ["locality", "outcome"]);

    private readonly Counter _bytesRead = metrics.Factory.CreateCounter("datalocal_task_read_bytes_total",
        "Input bytes read by task attempts of ended jobs: from the executor's own disk (local), or from another node or an external store (remote).", ["source"]);

    private readonly Histogram _jobDuration = metrics.Factory.CreateHistogram("datalocal_job_duration_seconds",
        "Submit-to-end time of jobs, by final state.",
        new HistogramConfiguration { LabelNames = ["state"], Buckets = Histogram.ExponentialBuckets(0.01, 2, 16) });

    /// <summary>Counts a job that ended: every attempt by locality and outcome, the bytes they read, and its duration.</summary>
    public void JobEnded(JobRecord job)
    {
        foreach (var attempt in job.Attempts)
        {
            _attempts.WithLabels(LabelOrUnknown(attempt.Locality), LabelOrUnknown(attempt.Outcome)).Inc();
            _bytesRead.WithLabels("local").Inc(attempt.BytesLocal);
            _bytesRead.WithLabels("remote").Inc(attempt.BytesRemote);
        }
        if (job.FinishedUtc is { } finished)
        {
            _jobDuration.WithLabels(job.State).Observe(Math.Max(0, (finished - job.SubmittedUtc).TotalSeconds));
        }
    }

    private static string LabelOrUnknown(string value) => string.IsNullOrEmpty(value) ? "unknown" : value;
}
