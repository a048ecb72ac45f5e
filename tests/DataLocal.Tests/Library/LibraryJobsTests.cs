using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Library;

/// <summary>Jobs through the library: progress through IProgress, states and outcomes as enums.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class LibraryJobsTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task WaitAsyncWithIProgress_ReportsUntilSucceeded_StatesAsEnums()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("file_row_number.parquet"), "/lib-jobs/seq.parquet", new PutOptions(BlockSize: 4 * 1024, Overwrite: true));
        var reports = new List<JobInfo>();
        var progress = new SynchronousProgress<JobInfo>(reports.Add);

        // sum needs the rows: count(*) alone is answered from metadata, with no task to report on.
        var id = await client.Jobs.SubmitAsync("SELECT count(*), sum(seq) FROM /lib-jobs/seq.parquet");
        var job = await client.Jobs.WaitAsync(id, progress);

        Assert.Equal(JobState.Succeeded, job.JobState);
        Assert.NotEmpty(reports);
        Assert.Equal(JobState.Succeeded, reports[^1].JobState);
        Assert.All(reports[..^1], r => Assert.Equal(JobState.Running, r.JobState));
        var tasks = await client.Jobs.GetTasksAsync(id);
        Assert.Contains(tasks, t => t.TaskOutcome == TaskOutcome.Succeeded);
        Assert.All(tasks, t => Assert.NotEqual(TaskOutcome.Unknown, t.TaskOutcome));
        Assert.All(tasks, t => Assert.NotEqual(TaskLocality.Unknown, t.TaskLocality));
    }

    // Progress<T> posts to the thread pool, so reports could arrive after WaitAsync returns; this one reports in order, at once.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
