using DataLocal.Tests.Cluster;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// Over a file stored in many blocks, count(*) and exact min/max come from the namenode's row counts and
/// block statistics: the job has no task, reads no byte, says so in its report, and gives DuckDB's answer.
/// </summary>
[Collection(JobClusterDefinition.Name)]
public sealed class MetadataAnswerJobTests(JobClusterFixture fixture)
{
    private static string Lineitem => TestData.Parquet("lineitem-top10000.gzip.parquet");

    [Theory]
    [InlineData("SELECT count(*) FROM {f}")]
    [InlineData("SELECT count(*), min(l_orderkey), max(l_orderkey), count(l_comment) FROM {f}")]
    [InlineData("SELECT count(*) FROM {f} WHERE l_orderkey < 0")]
    public async Task Job_CountOrExactBounds_AnsweredFromMetadataWithNoTaskAndDuckDbsAnswer(string sql)
    {
        using var client = fixture.Cluster.CreateClient();

        var job = await JobQueryTests.RunAsync(client, sql.Replace("{f}", "/jobs/lineitem.parquet", StringComparison.Ordinal));

        Assert.True(job.State == "succeeded", job.Error);
        Assert.True(job.AnsweredFromMetadata);
        Assert.Equal(0, job.TasksTotal);
        Assert.True(job.BlocksTotal > 10, $"{job.BlocksTotal} blocks");
        Assert.Equal((0, 0), (job.BytesReadLocal, job.BytesReadRemote));
        Assert.Empty(await client.Jobs.GetTasksAsync(job.JobId));
        Assert.Equal(DuckDb.Query(sql.Replace("{f}", DuckDb.File(Lineitem), StringComparison.Ordinal)), [.. job.Rows.Select(r => r.Select(v => v ?? "NULL").ToArray())]);
    }

    [Fact]
    public async Task Job_SumNeedsTheRows_RunsTasksAndIsNotSaidToBeAnsweredFromMetadata()
    {
        using var client = fixture.Cluster.CreateClient();

        var job = await JobQueryTests.RunAsync(client, "SELECT count(*), max(l_orderkey), sum(l_quantity) FROM /jobs/lineitem.parquet");

        Assert.True(job.State == "succeeded", job.Error);
        Assert.False(job.AnsweredFromMetadata);
        Assert.Equal(job.BlocksTotal, job.TasksTotal);
    }

    [Fact]
    public async Task Cli_SubmitWait_ReportSaysAnsweredFromMetadataWithZeroTasks()
    {
        var (code, output, error) = await CliRun.RunAsync(fixture.Cluster, "job", "submit", "--wait", "SELECT count(*) FROM /jobs/lineitem.parquet");

        Assert.True(code == 0, error);
        Assert.Matches(@"count_star\(\)\s+10000", output);
        Assert.Contains("Answered from metadata: 0 tasks", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NODE_LOCAL", output, StringComparison.Ordinal);
    }
}
