using DataLocal.Protocol.Client;
using Grpc.Core;

namespace DataLocal.Client.Jobs;

/// <summary>Submits SQL jobs and follows them.</summary>
public sealed class JobClient
{
    private readonly JobControl.JobControlClient _jobs;
    private readonly string _address;

    internal JobClient(CallInvoker namenode, string address)
    {
        _jobs = new JobControl.JobControlClient(namenode);
        _address = address;
    }

    public async Task<string> SubmitAsync(string sql, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new JobOptions();
        var reply = await Call(async () => await _jobs.SubmitJobAsync(new SubmitJobRequest
        {
            Sql = sql,
            LocalityWaitMs = options.LocalityWait is { } wait ? (long)wait.TotalMilliseconds : -1,
            LocalityOff = options.LocalityOff,
            MaxAttempts = options.MaxAttempts,
            OutputPath = options.OutputPath is null ? string.Empty : Common.Paths.DataLocalPath.Normalize(options.OutputPath),
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return reply.JobId;
    }

    public async Task<JobInfo> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobInfo.From(await Call(async () => await _jobs.GetJobAsync(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false));

    public async Task<IReadOnlyList<TaskAttemptInfo>> GetTasksAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var reply = await Call(async () => await _jobs.GetJobTasksAsync(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. reply.Attempts.Select(TaskAttemptInfo.From)];
    }

    public async Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var reply = await Call(async () => await _jobs.ListJobsAsync(new ListJobsRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. reply.Jobs.Select(JobInfo.From)];
    }

    public async Task<JobInfo> KillAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobInfo.From(await Call(async () => await _jobs.KillJobAsync(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false));

    /// <summary>Polls until the job ends, calling <paramref name="progress"/> on each change.</summary>
    public async Task<JobInfo> WaitAsync(string jobId, Action<JobInfo>? progress = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var job = await GetAsync(jobId, cancellationToken).ConfigureAwait(false);
            progress?.Invoke(job);
            if (job.IsFinished)
            {
                return job;
            }
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<T> Call<T>(Func<Task<T>> call) => RpcErrors.CallNameNodeAsync(_address, call);
}
