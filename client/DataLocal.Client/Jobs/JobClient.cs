using System.Runtime.CompilerServices;
using DataLocal.Common.Query;
using DataLocal.Protocol.Client;
using Grpc.Core;

namespace DataLocal.Client.Jobs;

/// <summary>Submits SQL jobs and follows them.</summary>
public sealed class JobClient : IJobClient
{
    private readonly JobControl.JobControlClient _jobs;
    private readonly string _address;

    internal JobClient(CallInvoker namenode, string address)
    {
        _jobs = new JobControl.JobControlClient(namenode);
        _address = address;
    }

    /// <summary>Submits a SQL query as a job and returns its id; the job runs on without the caller (see <see cref="WaitAsync(string, Action{JobInfo}?, CancellationToken)"/>).</summary>
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
            TimeoutMs = options.Timeout is { } timeout ? Math.Max(1, (long)timeout.TotalMilliseconds) : 0,
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return reply.JobId;
    }

    /// <summary>A job's state and progress and, once it succeeded, its whole result (read in pages).</summary>
    public async Task<JobInfo> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var status = await Call(async () => await _jobs.GetJobAsync(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return await WithResultAsync(status, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobInfo> WithResultAsync(JobStatus status, CancellationToken cancellationToken)
    {
        IReadOnlyList<IReadOnlyList<string?>> rows = [];
        try
        {
            rows = status.State == "succeeded" && status.ResultRows > 0
                ? (await ReadResultAsync(status.JobId, cancellationToken).ConfigureAwait(false)).Rows
                : [];
        }
        catch (DataLocalException ex) when (ex.InnerException is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.PermissionDenied })
        {
            // Another user's job: its status is open to all, its rows only to its submitter and admins.
        }
        return JobInfo.From(status, rows);
    }

    /// <summary>A succeeded job's result, read whole from the pages the namenode streams.</summary>
    public Task<JobResultTable> ReadResultAsync(string jobId, CancellationToken cancellationToken = default) =>
        Call(async () =>
        {
            IReadOnlyList<string> columns = [];
            IReadOnlyList<string> sqlTypes = [];
            var rows = new List<IReadOnlyList<string?>>();
            using var call = _jobs.ReadJobResult(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken);
            await foreach (var page in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                columns = page.Columns.Count > 0 ? [.. page.Columns] : columns;
                sqlTypes = page.ColumnSqlTypes.Count > 0 ? [.. page.ColumnSqlTypes] : sqlTypes;
                rows.AddRange(RowsOf(page, columns.Count));
            }
            return new JobResultTable(columns, rows, sqlTypes);
        });

    /// <summary>A succeeded job's result rows as they arrive, page by page, for results too big to hold at once.</summary>
    public async IAsyncEnumerable<IReadOnlyList<string?>> ReadResultRowsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = _jobs.ReadJobResult(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        var width = 0;
        while (await NextPageAsync(call.ResponseStream, cancellationToken).ConfigureAwait(false))
        {
            var page = call.ResponseStream.Current;
            // The first page names the columns; the others carry rows only.
            width = page.Columns.Count > 0 ? page.Columns.Count : width;
            foreach (var row in RowsOf(page, width))
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// A succeeded job's result rows with typed values (<see cref="JobResultRow"/>), as they arrive page by page.
    /// The first page names the columns and their SQL types; a result from a namenode that does not say its
    /// types reads as text.
    /// </summary>
    /// <exception cref="FormatException">A value is not text of its column's type.</exception>
    public async IAsyncEnumerable<JobResultRow> ReadResultRecordsAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = _jobs.ReadJobResult(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken);
        ResultSchema? schema = null;
        while (await NextPageAsync(call.ResponseStream, cancellationToken).ConfigureAwait(false))
        {
            var page = call.ResponseStream.Current;
            schema ??= new ResultSchema([.. page.Columns], [.. page.ColumnSqlTypes]);
            foreach (var row in RowsOf(page, schema.Columns.Count))
            {
                yield return new JobResultRow(schema, row);
            }
        }
    }

    /// <summary>Every attempt of every task of a job: where it ran, how local it was, how it ended.</summary>
    public async Task<IReadOnlyList<TaskAttemptInfo>> GetTasksAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var reply = await Call(async () => await _jobs.GetJobTasksAsync(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. reply.Attempts.Select(TaskAttemptInfo.From)];
    }

    /// <summary>The jobs the namenode remembers, without their results.</summary>
    public async Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var reply = await Call(async () => await _jobs.ListJobsAsync(new ListJobsRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. reply.Jobs.Select(j => JobInfo.From(j))];
    }

    /// <summary>Kills a running job (its running tasks are stopped) and returns its state after.</summary>
    public async Task<JobInfo> KillAsync(string jobId, CancellationToken cancellationToken = default) =>
        JobInfo.From(await Call(async () => await _jobs.KillJobAsync(new JobRequest { JobId = jobId }, cancellationToken: cancellationToken)).ConfigureAwait(false));

    /// <summary>
    /// Waits until the job ends, calling <paramref name="progress"/> on each change. Each call waits on
    /// the namenode until the job changes (a long poll), so its end is seen the moment it happens.
    /// </summary>
    public async Task<JobInfo> WaitAsync(string jobId, Action<JobInfo>? progress = null, CancellationToken cancellationToken = default)
    {
        var request = new WaitJobRequest { JobId = jobId, MaxWaitMs = (long)WaitPerCall.TotalMilliseconds };
        while (true)
        {
            var status = await Call(async () => await _jobs.WaitJobAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (status.State != "running")
            {
                var finished = await WithResultAsync(status, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(finished);
                return finished;
            }
            progress?.Invoke(JobInfo.From(status));
            request.SeenState = status.State;
            request.SeenTasksSucceeded = status.TasksSucceeded;
            request.SeenTasksRunning = status.TasksRunning;
        }
    }

    /// <summary>Waits until the job ends, reporting each change to <paramref name="progress"/> (on its own context, as <see cref="IProgress{T}"/> does).</summary>
    public Task<JobInfo> WaitAsync(string jobId, IProgress<JobInfo> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return WaitAsync(jobId, progress.Report, cancellationToken);
    }

    /// <summary>How long one wait may be held by the namenode: under the 30 s deadline every control call carries.</summary>
    private static readonly TimeSpan WaitPerCall = TimeSpan.FromSeconds(15);

    private Task<T> Call<T>(Func<Task<T>> call) => RpcErrors.CallNameNodeAsync(_address, call);

    private async Task<bool> NextPageAsync(IAsyncStreamReader<JobResultPage> pages, CancellationToken cancellationToken)
    {
        try
        {
            return await pages.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw RpcErrors.Translate(_address, ex);
        }
    }

    private static List<string?[]> RowsOf(JobResultPage page, int width) => ResultRowFormat.ReadPage(page.RowData.Memory, width);
}
