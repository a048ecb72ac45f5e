using DataLocal.Cli.Cluster;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Testing;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.EndToEnd;
using Xunit.Abstractions;

namespace DataLocal.Tests.FaultLoops;

/// <summary>
/// Thousands of small jobs through a real namenode process: finished jobs leave memory (they live in
/// LiteDB beyond a bounded recent window), so its resident memory stops growing. Minutes long, so it
/// runs on demand with the fault loops.
/// </summary>
public sealed class NameNodeMemoryTests(ITestOutputHelper output)
{
    private const string Sql = "SELECT count(*), min(a), max(b) FROM /memory/sort_columns.parquet WHERE a > 0";

    [FaultLoopFact]
    public async Task TwoThousandSmallJobs_NamenodeResidentMemoryWithin20PercentOfAfterOneHundredAndUnder500MB()
    {
        var work = Files.TempDirectory();
        var port = RoleProcess.FreePort();
        var address = $"http://127.0.0.1:{port}";
        var secrets = ClusterSecrets.Ensure(work);
        using var namenode = RoleProcess.Start(Path.Combine(work, "nn.log"),
            ["namenode", "--dir", Path.Combine(work, "nn"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--http-port", "0", "--replication", "2", .. secrets.NameNodeArguments]);
        using var datanode1 = RoleProcess.Start(Path.Combine(work, "dn1.log"), ["datanode", "--namenode", address, "--dir", Path.Combine(work, "dn1"), "--port", "0", "--http-port", "0", .. secrets.DataNodeArguments]);
        using var datanode2 = RoleProcess.Start(Path.Combine(work, "dn2.log"), ["datanode", "--namenode", address, "--dir", Path.Combine(work, "dn2"), "--port", "0", "--http-port", "0", .. secrets.DataNodeArguments]);
        using var client = new DataLocalClient(address, new DataLocalClientOptions { Token = secrets.ReadToken() });
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await client.GetClusterReportAsync()).LiveCount == 2;
            }
            catch (DataLocalException)
            {
                return false;
            }
        }, "the namenode with both datanodes", TimeSpan.FromSeconds(60));
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/memory/sort_columns.parquet");

        var answer = await RunJobsAsync(client, 100, null);
        var afterHundred = namenode.ResidentBytes();
        output.WriteLine($"after 100 jobs: {afterHundred / 1e6:0} MB resident");
        await RunJobsAsync(client, 1900, answer);
        var afterTwoThousand = namenode.ResidentBytes();
        output.WriteLine($"after 2000 jobs: {afterTwoThousand / 1e6:0} MB resident ({(double)afterTwoThousand / afterHundred:0.00}×)");

        Assert.True(afterTwoThousand <= 1.2 * afterHundred, $"{afterTwoThousand / 1e6:0} MB after 2000 jobs, {afterHundred / 1e6:0} MB after 100");
        Assert.True(afterTwoThousand < 500_000_000, $"{afterTwoThousand / 1e6:0} MB after 2000 jobs");
    }

    // Every job must succeed with the same answer, so the memory measured is that of real work.
    private static async Task<string> RunJobsAsync(DataLocalClient client, int count, string? expected)
    {
        for (var i = 0; i < count; i++)
        {
            var id = await client.Jobs.SubmitAsync(Sql, new JobOptions());
            var job = await client.Jobs.WaitAsync(id);
            Assert.True(job.State == "succeeded", $"job {id}: {job.State} {job.Error}");
            var answer = string.Join(",", job.Rows.Single());
            expected ??= answer;
            Assert.Equal(expected, answer);
        }
        return expected!;
    }
}
