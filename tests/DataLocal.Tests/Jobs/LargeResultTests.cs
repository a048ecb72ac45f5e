using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// Results bigger than one gRPC message reach the client whole; results bigger than the namenode's
/// --max-result-size fail their job with a line naming the setting instead of hanging or taking a server down.
/// </summary>
public sealed class LargeResultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Job_ResultOf20MBFarOverGrpcDefaultMessageSize_ReachesTheClientWhole()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1);
        using var client = cluster.CreateClient();
        await PutWideRowsAsync(client, rows: 2_000, payloadChars: 10_000);

        var job = await JobQueryTests.RunAsync(client, "SELECT id, payload FROM /wide.parquet ORDER BY id").WaitAsync(Timeout);

        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(2_000, job.Rows.Count);
        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), job.Rows.Select(r => r[0]));
        Assert.All(job.Rows, r => Assert.Equal(10_000, r[1]!.Length));
        Assert.Equal(new string('z', 10_000), job.Rows[25][1]);
    }

    [Fact]
    public async Task Job_ResultsOverMaxResultSize_FailsNamingTheSetting()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1, configureNameNode: o => o.MaxResultSize = 1024 * 1024);
        using var client = cluster.CreateClient();
        // 30 tasks of about 200 KB each: no partial is too big alone, together they are 6 MB.
        await PutWideRowsAsync(client, rows: 600, payloadChars: 10_000, rowsPerGroup: 20);

        var job = await JobQueryTests.RunAsync(client, "SELECT id, payload FROM /wide.parquet").WaitAsync(Timeout);

        Assert.Equal("failed", job.State);
        Assert.StartsWith("job results are larger than --max-result-size 1MB (", job.Error, StringComparison.Ordinal);
        Assert.Contains("`job submit --output DIR`", job.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', job.Error!);
        Assert.Equal("1", Assert.Single((await JobQueryTests.RunAsync(client, "SELECT count(*) FROM /wide.parquet WHERE id = 7")).Rows)[0]);
    }

    [Fact]
    public async Task Job_OneTaskPartialOverMaxResultSize_FailsNamingTheSettingWithoutRetrying()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1, configureNameNode: o => o.MaxResultSize = 1024 * 1024);
        using var client = cluster.CreateClient();
        // One row group, one task, a 3 MB partial: the executor keeps it and reports its size.
        await PutWideRowsAsync(client, rows: 300, payloadChars: 10_000, rowsPerGroup: 300);

        var job = await JobQueryTests.RunAsync(client, "SELECT payload FROM /wide.parquet").WaitAsync(Timeout);

        Assert.Equal("failed", job.State);
        Assert.StartsWith("job results are larger than --max-result-size 1MB (2.9 MB so far)", job.Error, StringComparison.Ordinal);
        var attempt = Assert.Single(await client.Jobs.GetTasksAsync(job.JobId));
        Assert.Equal("failed", attempt.Outcome);
    }

    [Fact]
    public async Task Job_SameResultUnderMaxResultSizeWithOutput_WritesItIntoTheCluster()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1, configureNameNode: o => o.MaxResultSize = 1024 * 1024);
        using var client = cluster.CreateClient();
        await PutWideRowsAsync(client, rows: 600, payloadChars: 10_000, rowsPerGroup: 20);

        var job = await JobQueryTests.RunAsync(client, "SELECT id, payload FROM /wide.parquet", new Client.Jobs.JobOptions(OutputPath: "/out")).WaitAsync(Timeout);

        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(600, job.Rows.Sum(r => int.Parse(r[1]!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static async Task PutWideRowsAsync(Client.DataLocalClient client, int rows, int payloadChars, int rowsPerGroup = 200)
    {
        var local = await WideRowsParquet.WriteAsync(Files.TempDirectory(), rows, payloadChars, rowsPerGroup);
        await client.PutAsync(local, "/wide.parquet", new PutOptions(BlockSize: 4096));
    }
}
