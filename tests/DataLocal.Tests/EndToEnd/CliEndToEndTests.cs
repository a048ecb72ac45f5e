using System.Diagnostics;
using System.Text.Json;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.EndToEnd;

/// <summary>The real executable: a local cluster of real processes, put, get, and stop leaving nothing behind.</summary>
public sealed class CliEndToEndTests
{
    [Fact]
    public async Task ClusterStartPutGetStop_RealProcesses_ByteExactAndNoProcessLeft()
    {
        var work = Files.TempDirectory();
        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--datanodes", "3", "--replication", "2", "--block-size", "64KB");
        Assert.True(start.ExitCode == 0, start.Error);
        var pids = ReadPids(work);
        try
        {
            Assert.Equal(4, pids.Count);
            Assert.All(pids, pid => Assert.True(IsAlive(pid)));
            var again = await DataLocalProcess.RunAsync(work, "cluster", "start");
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("a cluster is already running", again.Error, StringComparison.Ordinal);

            var put = await DataLocalProcess.RunAsync(work, "fs", "put", TestData.Parquet("lineitem-top10000.gzip.parquet"), "/data/lineitem.parquet", "--block-size", "64KB");
            Assert.True(put.ExitCode == 0, put.Error);
            var get = await DataLocalProcess.RunAsync(work, "fs", "get", "/data/lineitem.parquet", Path.Combine(work, "copy.parquet"));
            Assert.True(get.ExitCode == 0, get.Error);
            Assert.Equal(Files.Sha256(TestData.Parquet("lineitem-top10000.gzip.parquet")), Files.Sha256(Path.Combine(work, "copy.parquet")));

            var ls = await DataLocalProcess.RunAsync(work, "fs", "ls", "/data");
            Assert.StartsWith("Found 1 items", ls.Output, StringComparison.Ordinal);
            Assert.Contains("/data/lineitem.parquet", ls.Output, StringComparison.Ordinal);

            var blocks = await DataLocalProcess.RunAsync(work, "fs", "blocks", "/data/lineitem.parquet", "--json");
            using var json = JsonDocument.Parse(blocks.Output);
            Assert.All(json.RootElement.EnumerateArray(), b => Assert.Equal(2, b.GetProperty("replicas").GetArrayLength()));
        }
        finally
        {
            var stop = await DataLocalProcess.RunAsync(work, "cluster", "stop");
            Assert.True(stop.ExitCode == 0, stop.Error);
        }
        await Eventually.TrueAsync(() => pids.All(pid => !IsAlive(pid)), "every cluster process to exit");
    }

    [Fact]
    public async Task JobSubmitWait_RealProcesses_ResultAndLocalityReportAndJobLimitsPassedThrough()
    {
        var work = Files.TempDirectory();
        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--datanodes", "3", "--replication", "2", "--block-size", "4KB",
            "--max-result-size", "4KB", "--job-timeout", "10m", "--max-running-jobs", "4");
        Assert.True(start.ExitCode == 0, start.Error);
        try
        {
            var put = await DataLocalProcess.RunAsync(work, "fs", "put", TestData.Parquet("file_row_number.parquet"), "/seq.parquet");
            Assert.True(put.ExitCode == 0, put.Error);

            var job = await DataLocalProcess.RunAsync(work, "job", "submit", "--wait", "--timeout", "2m", "SELECT count(*), sum(seq) FROM /seq.parquet WHERE seq % 7 = 0");

            Assert.True(job.ExitCode == 0, job.Error);
            Assert.Matches(@"count_star\(\)\s+sum\(seq\)", job.Output);
            Assert.Matches(@"1429\s+7142142", job.Output);
            Assert.Contains("NODE_LOCAL", job.Output, StringComparison.Ordinal);
            Assert.Contains("tasks done", job.Error, StringComparison.Ordinal);

            var list = await DataLocalProcess.RunAsync(work, "job", "list", "--json");
            using var json = JsonDocument.Parse(list.Output);
            var id = json.RootElement[0].GetProperty("jobId").GetString()!;
            var tasks = await DataLocalProcess.RunAsync(work, "job", "tasks", id);
            Assert.Contains("Locality Level", tasks.Output, StringComparison.Ordinal);
            Assert.Equal(10, tasks.Output.Split('\n').Count(l => l.Contains("SUCCEEDED", StringComparison.Ordinal)));

            // About 50 KB of rows, over the cluster's 4KB --max-result-size.
            var tooBig = await DataLocalProcess.RunAsync(work, "job", "submit", "--wait", "SELECT seq FROM /seq.parquet");
            Assert.Equal(1, tooBig.ExitCode);
            Assert.Contains("job results are larger than --max-result-size 4KB", tooBig.Output + tooBig.Error, StringComparison.Ordinal);
        }
        finally
        {
            await DataLocalProcess.RunAsync(work, "cluster", "stop");
        }
    }

    [Fact]
    public async Task FsPut_MalformedParquet_ExitCode1AndOneLineNoStackTrace()
    {
        var work = Files.TempDirectory();
        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--datanodes", "1", "--replication", "1");
        Assert.True(start.ExitCode == 0, start.Error);
        try
        {
            var put = await DataLocalProcess.RunAsync(work, "fs", "put", TestData.BadParquet("extra/clusterfuzz-testcase-dictbitwidth-4680774947569664"), "/bad");

            Assert.Equal(1, put.ExitCode);
            var line = Assert.Single(put.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("datalocal: invalid Parquet file: ", line, StringComparison.Ordinal);
            var ls = await DataLocalProcess.RunAsync(work, "fs", "ls", "/");
            Assert.Equal(0, ls.ExitCode);
            Assert.StartsWith("Found 0 items", ls.Output, StringComparison.Ordinal);
        }
        finally
        {
            await DataLocalProcess.RunAsync(work, "cluster", "stop");
        }
    }

    [Fact]
    public async Task ClusterStart_NamenodeRefusesItsSettings_SaysWhyFromItsOutputFile()
    {
        var work = Files.TempDirectory();

        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--datanodes", "1", "--replication", "1", "--max-running-jobs", "0");

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("namenode exited with code 1 while starting: datalocal: invalid setting NameNode:MaxRunningJobs", start.Error, StringComparison.Ordinal);
        Assert.Contains("namenode.log", start.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitCode2()
    {
        var result = await DataLocalProcess.RunAsync(Files.TempDirectory(), "fs", "ls", "--no-such-option");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FsLs_NoClusterAnywhere_ExitCode1WithHint()
    {
        var result = await DataLocalProcess.RunAsync(Files.TempDirectory(), "fs", "ls", "/");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("datalocal cluster start", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static List<int> ReadPids(string work)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, ".datalocal", "cluster.json")));
        return [.. json.RootElement.GetProperty("Processes").EnumerateArray().Select(p => p.GetProperty("ProcessId").GetInt32())];
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
