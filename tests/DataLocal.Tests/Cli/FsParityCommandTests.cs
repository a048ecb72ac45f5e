using System.Globalization;
using System.Text;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Cli;

/// <summary>du, df, count, head, tail, setrep, cp, touchz, getmerge and test, in `hdfs dfs`'s output layouts.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class FsParityCommandTests(SharedClusterFixture fixture) : IDisposable
{
    private readonly CliScratch _scratch = new(fixture.Cluster);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Du_PrintsSizeConsumedWithReplicasAndPath_PerEntryOrSummed()
    {
        await Run("fs", "rm", "-r", "/cli-du");
        await _scratch.StoreAsync("/cli-du/a.txt", new string('a', 5));
        await _scratch.StoreAsync("/cli-du/sub/b.txt", new string('b', 1500));
        await _scratch.StoreAsync("/cli-du/sub/c.txt", new string('c', 20), "-r", "1");

        var perEntry = await Run("fs", "du", "/cli-du");
        var summary = await Run("fs", "du", "-s", "/cli-du");
        var human = await Run("fs", "du", "-s", "-h", "-v", "/cli-du/sub");

        Assert.Equal("5     10    /cli-du/a.txt\n1520  3020  /cli-du/sub\n", perEntry.Output.ReplaceLineEndings("\n"));
        Assert.Equal("1525  3030  /cli-du\n", summary.Output.ReplaceLineEndings("\n"));
        Assert.Equal("SIZE   DISK_SPACE_CONSUMED_WITH_ALL_REPLICAS  FULL_PATH_NAME\n1.5 K  2.9 K                                  /cli-du/sub\n", human.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Count_PrintsHadoopColumns_WithQuotasAsNoneAndInf()
    {
        await Run("fs", "rm", "-r", "/cli-count");
        await _scratch.StoreAsync("/cli-count/a.txt", new string('a', 7));
        await _scratch.StoreAsync("/cli-count/sub/b.txt", new string('b', 3));
        await Run("fs", "mkdir", "-p", "/cli-count/sub/empty");

        var plain = await Run("fs", "count", "/cli-count", "/cli-count/a.txt");
        var quotas = await Run("fs", "count", "-q", "-v", "/cli-count");

        Assert.Equal(
            "           3            2                 10 /cli-count\n           0            1                  7 /cli-count/a.txt\n",
            plain.Output.ReplaceLineEndings("\n"));
        Assert.Equal(
            "       QUOTA       REM_QUOTA     SPACE_QUOTA REM_SPACE_QUOTA    DIR_COUNT   FILE_COUNT       CONTENT_SIZE PATHNAME\n"
            + "        none             inf            none             inf            3            2                 10 /cli-count\n",
            quotas.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Df_PrintsFilesystemSizeUsedAvailableUsePercent_FromLiveDatanodes()
    {
        using var client = fixture.Cluster.CreateClient();

        var (code, output, error) = await Run("fs", "df");
        var report = await client.GetClusterReportAsync();

        Assert.True(code == 0, error);
        var lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^Filesystem\s+ Size\s+ Used\s+ Available\s+Use%$", lines[0]);
        var cells = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(fixture.Cluster.NameNodeAddress, cells[0]);
        var live = report.Datanodes.Where(d => d.State == "live").ToList();
        Assert.Equal(live.Sum(d => d.CapacityBytes), long.Parse(cells[1], CultureInfo.InvariantCulture));
        Assert.Matches(@"^\d+%$", cells[4]);
        Assert.Equal(lines[0].Length, lines[1].Length);
    }

    [Fact]
    public async Task HeadAndTail_WriteTheFirstAndLastKilobyte()
    {
        var content = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var local = Path.Combine(_scratch.Directory.FullName, "h.bin");
        await File.WriteAllBytesAsync(local, content);
        await Run("fs", "put", "-f", "--block-size", "1KB", local, "/cli-headtail/h.bin");
        await _scratch.StoreAsync("/cli-headtail/short.txt", "short");

        var head = await CliRun.RunBinaryAsync(fixture.Cluster, "fs", "head", "/cli-headtail/h.bin");
        var tail = await CliRun.RunBinaryAsync(fixture.Cluster, "fs", "tail", "/cli-headtail/h.bin");
        var shortTail = await CliRun.RunBinaryAsync(fixture.Cluster, "fs", "tail", "/cli-headtail/short.txt");

        Assert.Equal(content[..1024], head.Bytes);
        Assert.Equal(content[^1024..], tail.Bytes);
        Assert.Equal("short", Encoding.UTF8.GetString(shortTail.Bytes));
    }

    [Fact]
    public async Task Setrep_Wait_ReturnsOnceEveryBlockHasNReplicas()
    {
        await _scratch.StoreAsync("/cli-setrep/d/a.txt", "replicate me", "-r", "1");
        await _scratch.StoreAsync("/cli-setrep/d/b.txt", "and me", "-r", "1");
        using var client = fixture.Cluster.CreateClient();

        var up = await Run("fs", "setrep", "-w", "3", "/cli-setrep/d");
        var upBlocks = await client.GetBlocksAsync("/cli-setrep/d/a.txt");
        var down = await Run("fs", "setrep", "-w", "1", "/cli-setrep/d/*.txt");
        var downBlocks = await client.GetBlocksAsync("/cli-setrep/d/b.txt");

        Assert.True(up.Code == 0, up.Error);
        Assert.Equal(
            "Replication 3 set: /cli-setrep/d/a.txt\nReplication 3 set: /cli-setrep/d/b.txt\nWaiting for /cli-setrep/d/a.txt ... done\nWaiting for /cli-setrep/d/b.txt ... done\n",
            up.Output.ReplaceLineEndings("\n"));
        Assert.All(upBlocks, b => Assert.Equal(3, b.Replicas.Count));
        Assert.True(down.Code == 0, down.Error);
        Assert.All(downBlocks, b => Assert.Single(b.Replicas));
        Assert.Equal(1, (await client.StatAsync("/cli-setrep/d/b.txt"))!.Replication);
    }

    [Fact]
    public async Task Setrep_Wait_BeyondTheLiveDatanodes_TimesOutWithOneLine()
    {
        await _scratch.StoreAsync("/cli-setrep-4/a.txt", "four is too many", "-r", "1");

        var (code, _, error) = await Run("fs", "setrep", "-w", "--timeout", "1s", "4", "/cli-setrep-4/a.txt");

        Assert.Equal(1, code);
        Assert.Matches(@"^datalocal: setrep: /cli-setrep-4/a\.txt: 1 of 1 blocks do not have 4 replicas yet \(block \d+ has [123]; 3 live datanodes\)", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Cp_FilesAndDirectories_CopiesBytesExactly()
    {
        await Run("fs", "rm", "-r", "/cli-cp");
        await Run("fs", "put", "-f", TestData.Parquet("sort_columns.parquet"), "/cli-cp/src/s.parquet");
        await _scratch.StoreAsync("/cli-cp/src/sub/t.txt", "text");
        await Run("fs", "mkdir", "-p", "/cli-cp/into");

        var file = await Run("fs", "cp", "/cli-cp/src/s.parquet", "/cli-cp/copy.parquet");
        var tree = await Run("fs", "cp", "/cli-cp/src", "/cli-cp/into");
        var again = await Run("fs", "cp", "/cli-cp/src/s.parquet", "/cli-cp/copy.parquet");
        var (_, copied) = await CliRun.RunBinaryAsync(fixture.Cluster, "fs", "cat", "/cli-cp/copy.parquet");
        var (_, nested) = await CliRun.RunBinaryAsync(fixture.Cluster, "fs", "cat", "/cli-cp/into/src/sub/t.txt");
        var stat = await Run("fs", "stat", "/cli-cp/into/src/s.parquet");

        Assert.True(file.Code == 0, file.Error);
        Assert.True(tree.Code == 0, tree.Error);
        Assert.Equal(File.ReadAllBytes(TestData.Parquet("sort_columns.parquet")), copied);
        Assert.Equal("text", Encoding.UTF8.GetString(nested));
        Assert.Contains("Type:        Parquet file", stat.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.Code);
        Assert.Contains("File exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Touchz_CreatesEmptyFiles_RefusesNonEmptyOnes()
    {
        await Run("fs", "rm", "-r", "/cli-touchz");
        await _scratch.StoreAsync("/cli-touchz/full.txt", "x");

        var created = await Run("fs", "touchz", "/cli-touchz/_READY");
        var again = await Run("fs", "touchz", "/cli-touchz/_READY");
        var full = await Run("fs", "touchz", "/cli-touchz/full.txt");
        var stat = await Run("fs", "stat", "/cli-touchz/_READY");

        Assert.True(created.Code == 0, created.Error);
        Assert.True(again.Code == 0, again.Error);
        Assert.Contains("Size:        0 bytes", stat.Output, StringComparison.Ordinal);
        Assert.Equal((1, "datalocal: touchz: `/cli-touchz/full.txt': Not a zero-length file"), (full.Code, full.Error.Trim()));
    }

    [Fact]
    public async Task Getmerge_ConcatenatesInNameOrder_WithNewlinesAndSkippingEmpty()
    {
        await Run("fs", "rm", "-r", "/cli-merge");
        await _scratch.StoreAsync("/cli-merge/d/b.log", "two");
        await _scratch.StoreAsync("/cli-merge/d/a.log", "one");
        await Run("fs", "touchz", "/cli-merge/d/c.log");
        await _scratch.StoreAsync("/cli-merge/z.log", "three");
        var merged = Path.Combine(_scratch.Directory.FullName, "all.log");

        var plain = await Run("fs", "getmerge", "/cli-merge/d", "/cli-merge/z.log", merged);
        var plainText = await File.ReadAllTextAsync(merged);
        var lines = await Run("fs", "getmerge", "-nl", "--skip-empty-file", "/cli-merge/d", "/cli-merge/z*", merged);

        Assert.True(plain.Code == 0, plain.Error);
        Assert.Equal("onetwothree", plainText);
        Assert.True(lines.Code == 0, lines.Error);
        Assert.Equal("one\ntwo\nthree\n", await File.ReadAllTextAsync(merged));
    }

    [Theory]
    [InlineData("-e", "/cli-test/full.txt", 0)]
    [InlineData("-e", "/cli-test/nothing", 1)]
    [InlineData("-e", "/cli-test/f*", 0)]
    [InlineData("-e", "/cli-test/x*", 1)]
    [InlineData("-d", "/cli-test", 0)]
    [InlineData("-d", "/cli-test/full.txt", 1)]
    [InlineData("-f", "/cli-test/full.txt", 0)]
    [InlineData("-f", "/cli-test", 1)]
    [InlineData("-s", "/cli-test/full.txt", 0)]
    [InlineData("-s", "/cli-test/empty.txt", 1)]
    [InlineData("-z", "/cli-test/empty.txt", 0)]
    [InlineData("-z", "/cli-test/full.txt", 1)]
    public async Task Test_AnswersInTheExitCodeAlone(string flag, string path, int expected)
    {
        await _scratch.StoreAsync("/cli-test/full.txt", "x");
        await Run("fs", "touchz", "/cli-test/empty.txt");

        var (code, output, error) = await Run("fs", "test", flag, path);

        Assert.Equal(expected, code);
        Assert.Equal(string.Empty, output + error);
    }

    [Fact]
    public async Task Test_WithoutExactlyOneFlag_IsAUsageError()
    {
        var (code, _, error) = await Run("fs", "test", "-e", "-d", "/cli-test");

        Assert.Equal(2, code);
        Assert.Contains("exactly one of -e, -d, -f, -s, -z", error, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRun.RunAsync(fixture.Cluster, args);
}
