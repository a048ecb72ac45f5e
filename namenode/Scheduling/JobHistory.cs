using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>Keeps jobs and their task reports in LiteDB so `job list` and `job status` survive a restart.</summary>
public sealed class JobHistory
{
    private readonly MetadataStore _store;

    public JobHistory(MetadataStore store)
    {
        _store = store;
        // A job cannot outlive the namenode that ran it: its in-memory tasks are gone.
        foreach (var job in _store.AllJobs().Where(j => j.State == "running"))
        {
            job.State = "failed";
            job.Error = "the namenode restarted while this job ran; submit it again";
            _store.SaveJob(job);
        }
    }

    public void Save(JobRecord job) => _store.SaveJob(job);

    public JobRecord? Find(string id) => _store.FindJob(id);

    public IReadOnlyList<JobRecord> All() => _store.AllJobs();
}
