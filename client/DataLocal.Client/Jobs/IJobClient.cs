namespace DataLocal.Client.Jobs;

/// <summary>SQL jobs on a cluster: submit, follow, read results, list, kill. <see cref="JobClient"/> is the real one; mock this in tests.</summary>
public interface IJobClient
{
    /// <summary>Submits a SQL query as a job and returns its id; the job runs on without the caller.</summary>
    Task<string> SubmitAsync(string sql, JobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>A job's state and progress and, once it succeeded, its whole result.</summary>
    Task<JobInfo> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>A succeeded job's result, read whole.</summary>
    Task<JobResultTable> ReadResultAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>A succeeded job's result rows as they arrive, page by page, for results too big to hold at once.</summary>
    IAsyncEnumerable<IReadOnlyList<string?>> ReadResultRowsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>A succeeded job's result rows with typed values (long, double, decimal, string, DateOnly, …), as they arrive page by page.</summary>
    IAsyncEnumerable<JobResultRow> ReadResultRecordsAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Every attempt of every task of a job.</summary>
    Task<IReadOnlyList<TaskAttemptInfo>> GetTasksAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>The jobs the namenode remembers, without their results.</summary>
    Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Kills a running job and returns its state after.</summary>
    Task<JobInfo> KillAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the job ends, calling <paramref name="progress"/> on each change.</summary>
    Task<JobInfo> WaitAsync(string jobId, Action<JobInfo>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Waits until the job ends, reporting each change to <paramref name="progress"/>.</summary>
    Task<JobInfo> WaitAsync(string jobId, IProgress<JobInfo> progress, CancellationToken cancellationToken = default);
}
