using DataLocal.NameNode.Http;
using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>Keeps jobs, their task reports and their results in LiteDB so `job list` and `job status` survive a restart.</summary>
public sealed class JobHistory
{
    private readonly MetadataStore _store;
    private readonly NameNodeMetrics? _metrics;

    public JobHistory(MetadataStore store, NameNodeMetrics? metrics = null)
    {
        _store = store;
        _metrics = metrics;
        // A job cannot outlive the namenode that ran it: its in-memory tasks are gone.
        foreach (var job in _store.AllJobs().Where(j => j.State == "running"))
        {
            job.State = "failed";
            job.Error = "the namenode restarted while this job ran; submit it again";
            _store.SaveJob(job);
        }
    }

    /// <summary>Stores a job's record; <paramref name="final"/> for the one it ended with, which is also counted in the metrics.</summary>
    public void Save(JobRecord job, bool final = false)
    {
        _store.SaveJob(job);
        if (final)
        {
            _metrics?.JobEnded(job);
        }
    }

    public JobRecord? Find(string id) => _store.FindJob(id);

    public IReadOnlyList<JobRecord> All() => _store.AllJobs();

    public void SaveResult(string jobId, JobResult result) =>
        _store.SaveJobResult(jobId, stream => JobResultCodec.Write(stream, result.Columns, result.Rows));

    /// <summary>Drops a result stored for a job that did not succeed after all (it was killed while its result was stored).</summary>
    public void DeleteResult(string jobId) => _store.DeleteJobResult(jobId);

    /// <summary>A succeeded job's result, read from the store as it is paged out.</summary>
    public StoredJobResult OpenResult(JobRecord job) =>
        _store.OpenJobResult(job.Id) is { } stream
            ? JobResultCodec.Read(stream)
            // Records from before results were stored apart carry their rows themselves.
            : new StoredJobResult(job.Columns, job.Rows);
}
