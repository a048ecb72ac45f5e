using System.Globalization;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;

namespace DataLocal.Tests.Jobs;

/// <summary>Jobs over blocks spread across six datanodes give DuckDB's answers, and run where the data is.</summary>
[Collection(JobClusterDefinition.Name)]
public sealed class JobQueryTests(JobClusterFixture fixture)
{
    /// <summary>queries.tsv's queries in DataLocal's SQL (DuckDB's GROUP BY ALL / ORDER BY ALL spelled out), with DuckDB's results.</summary>
    public static TheoryData<string, string> Queries() => new()
    {
        { "SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity) FROM /jobs/lineitem.parquet GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus", Expected(0) },
        { "SELECT count(*), sum(l_quantity) FROM /jobs/lineitem.parquet WHERE l_shipmode = 'AIR'", Expected(1) },
        { "SELECT gender, count(*), count(salary), round(sum(salary), 2) FROM /jobs/userdata1.parquet GROUP BY gender ORDER BY gender", Expected(2) },
        { "SELECT count(*), sum(v2) FROM /jobs/h2oai.parquet WHERE v1 >= 3", Expected(4) },
        { "SELECT month, count(*), sum(int_col) FROM /jobs/alltypes.parquet GROUP BY month ORDER BY month", Expected(5) },
        { "SELECT count(*), sum(seq) FROM /jobs/file_row_number.parquet WHERE seq % 7 = 0", Expected(6) },
        { "SELECT count(*), count(a), count(b) FROM /jobs/sort_columns.parquet", Expected(7) },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Job_QueriesTsv_MatchesDuckDb(string sql, string expected)
    {
        using var client = fixture.Cluster.CreateClient();

        var job = await RunAsync(client, sql);

        Assert.Equal("succeeded", job.State);
        Assert.Equal(expected, Format(job));
    }

    [Fact]
    public async Task Job_GroupsIncludingNullKey_MatchDuckDbGroupCountAndTotal()
    {
        using var client = fixture.Cluster.CreateClient();
        var expected = Expected(3).Split(',');

        var job = await RunAsync(client, "SELECT id4, sum(v1) FROM /jobs/h2oai.parquet GROUP BY id4");

        Assert.Equal(int.Parse(expected[0], CultureInfo.InvariantCulture), job.Rows.Count);
        Assert.Contains(job.Rows, r => r[0] is null);
        Assert.Equal(decimal.Parse(expected[1], CultureInfo.InvariantCulture), job.Rows.Sum(r => decimal.Parse(r[1]!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Job_DefaultLocalityWait_AtLeast95PercentNodeLocal()
    {
        using var client = fixture.Cluster.CreateClient();

        var job = await RunAsync(client, "SELECT count(*), sum(l_quantity) FROM /jobs/lineitem.parquet");

        Assert.True(job.TasksTotal >= 60, $"only {job.TasksTotal} tasks");
        Assert.True(job.NodeLocalShare >= 0.95, $"{job.TasksNodeLocal}/{job.TasksSucceeded} NODE_LOCAL");
        Assert.True(job.BytesReadLocal > 0);
        var tasks = await client.Jobs.GetTasksAsync(job.JobId);
        Assert.All(tasks.Where(t => t.Locality == "NODE_LOCAL"), t => Assert.Equal(0, t.BytesRemote));
    }

    [Fact]
    public async Task Job_LocalityOffAndNoWait_FarFewerNodeLocalTasksSameResult()
    {
        using var client = fixture.Cluster.CreateClient();
        const string sql = "SELECT count(*), sum(l_quantity) FROM /jobs/lineitem.parquet";

        var local = await RunAsync(client, sql);
        var anywhere = await RunAsync(client, sql, new JobOptions(LocalityWait: TimeSpan.Zero, LocalityOff: true));

        Assert.Equal(Format(local), Format(anywhere));
        Assert.True(anywhere.NodeLocalShare < 0.7, $"{anywhere.TasksNodeLocal}/{anywhere.TasksSucceeded} NODE_LOCAL with locality off");
        Assert.True(anywhere.BytesReadRemote > 0);
        var tasks = await client.Jobs.GetTasksAsync(anywhere.JobId);
        Assert.All(tasks.Where(t => t.Locality == "ANY"), t => Assert.Equal(0, t.BytesLocal));
    }

    [Fact]
    public async Task Job_FilterOnSortedColumn_SkipsBlocksByStatisticsAndStaysRight()
    {
        using var client = fixture.Cluster.CreateClient();

        var job = await RunAsync(client, "SELECT count(*), sum(seq) FROM /jobs/file_row_number.parquet WHERE seq < 1000");

        Assert.Equal("1000,499500", Format(job));
        Assert.True(job.BlocksSkipped >= 5, $"{job.BlocksSkipped} of {job.BlocksTotal} blocks skipped");
        Assert.Equal(job.BlocksTotal - job.BlocksSkipped, job.TasksTotal);
    }

    [Fact]
    public async Task Job_Directory_ReadsEveryFileWithOneSchema()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/jobs-dir/a.parquet", new PutOptions(Overwrite: true));
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/jobs-dir/b.parquet", new PutOptions(Overwrite: true));

        var job = await RunAsync(client, "SELECT count(*), count(a) FROM /jobs-dir");

        Assert.Equal("12,8", Format(job));
    }

    [Fact]
    public async Task Cli_SubmitWaitJson_PrintsResultAndTaskReport()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await DataLocal.Cli.CliApp.RunAsync(
            ["job", "submit", "--wait", "--json", .. fixture.Cluster.CliConnection, "SELECT count(*), count(a), count(b), sum(a) FROM /jobs/sort_columns.parquet"],
            new DataLocal.Cli.CliConsole(output, error));

        Assert.True(code == 0, error.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        var job = json.RootElement.GetProperty("job");
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(6, job.GetProperty("rows")[0][0].GetInt64());
        var tasks = json.RootElement.GetProperty("tasks");
        Assert.True(tasks.GetArrayLength() >= 1);
        Assert.All(tasks.EnumerateArray(), t => Assert.Matches("^(NODE_LOCAL|RACK_LOCAL|ANY)$", t.GetProperty("locality").GetString()));
    }

    [Fact]
    public async Task Submit_UnsupportedSql_ClearErrorNamingIt()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.Jobs.SubmitAsync("SELECT * FROM /jobs/lineitem.parquet a JOIN /jobs/h2oai.parquet b ON a.x = b.y"));

        Assert.Contains("JOIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MissingPath_ClearError()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.Jobs.SubmitAsync("SELECT count(*) FROM /jobs/nothing.parquet"));

        Assert.Contains("/jobs/nothing.parquet: No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_FileParquetNetCannotDecode_FailsWithUnsupportedFeature()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.PutAsync(TestData.UnsupportedParquet("datapage_v2.snappy.parquet"), "/jobs-unsupported/v2.parquet", new PutOptions(Overwrite: true));

        var job = await RunAsync(client, "SELECT * FROM /jobs-unsupported/v2.parquet");

        Assert.Equal("failed", job.State);
        Assert.True(job.Error!.Contains("unsupported Parquet feature", StringComparison.Ordinal), job.Error);
    }

    [Fact]
    public async Task Job_UnknownColumn_RefusedAtSubmitWithoutAnyTask()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.Jobs.SubmitAsync("SELECT sum(no_such_column) FROM /jobs/sort_columns.parquet"));

        Assert.Contains("column 'no_such_column' does not exist", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<JobInfo> RunAsync(DataLocalClient client, string sql, JobOptions? options = null)
    {
        var id = await client.Jobs.SubmitAsync(sql, options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await client.Jobs.WaitAsync(id, cancellationToken: timeout.Token);
    }

    internal static string Format(JobInfo job) => string.Join(" ; ", job.Rows.Select(r => string.Join(",", r.Select(v => v ?? "NULL"))));

    private static string Expected(int row) => TestData.Tsv("parquet/queries.tsv")[row][3];
}
