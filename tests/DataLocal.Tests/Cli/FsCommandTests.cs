using System.Text.Json;
using DataLocal.Cli;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Cli;

/// <summary>The CLI's output formats and exit codes, run in-process against the shared cluster.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class FsCommandTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Ls_Directory_PrintsFoundNItemsAndHdfsColumns()
    {
        await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), "/cli-ls/a.parquet", "-f");
        await Run("fs", "mkdir", "-p", "/cli-ls/sub");

        var (code, output, _) = await Run("fs", "ls", "/cli-ls");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Found 2 items", lines[0]);
        Assert.Matches(@"^-rw-r--r--\s+2 admin supergroup\s+1361 \d{4}-\d\d-\d\d \d\d:\d\d /cli-ls/a\.parquet$", lines[1]);
        Assert.Matches(@"^drwxr-xr-x\s+- admin supergroup\s+0 .* /cli-ls/sub$", lines[2]);
    }

    [Fact]
    public async Task ChmodAndChown_OctalSymbolicAndRecursive_ShowInLsAndStat()
    {
        await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), "/cli-chmod/d/a.parquet", "-f");

        var chmod = await Run("fs", "chmod", "-R", "u=rwx,go-rwx", "/cli-chmod/d");
        var chown = await Run("fs", "chown", "-R", "admin:staff", "/cli-chmod/d");
        var octal = await Run("fs", "chmod", "640", "/cli-chmod/d/a.parquet");
        var badMode = await Run("fs", "chmod", "u+q", "/cli-chmod/d");
        var (_, ls, _) = await Run("fs", "ls", "/cli-chmod/d");
        var (_, stat, _) = await Run("fs", "stat", "/cli-chmod/d");

        Assert.Equal((0, 0, 0), (chmod.Code, chown.Code, octal.Code));
        Assert.Equal(1, badMode.Code);
        Assert.Contains("invalid mode 'u+q'", badMode.Error, StringComparison.Ordinal);
        Assert.Matches(@"^-rw-r-----\s+2 admin staff\s+1361 .* /cli-chmod/d/a\.parquet$", ls.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.Contains("Owner:       admin\n", stat, StringComparison.Ordinal);
        Assert.Contains("Group:       staff\n", stat, StringComparison.Ordinal);
        Assert.Contains("Permission:  drwx------ (700)\n", stat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_Json_DescribesParquetFile()
    {
        await Run("fs", "put", TestData.Parquet("userdata1.parquet"), "/cli-stat/u.parquet", "-f", "--block-size", "32KB");

        var (code, output, _) = await Run("fs", "stat", "/cli-stat/u.parquet", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("isParquet").GetBoolean());
        Assert.Equal(1000, json.RootElement.GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task Put_ExistingWithoutForce_ExitCode1OneLine()
    {
        await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), "/cli-put/a.parquet", "-f");

        var (code, _, error) = await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), "/cli-put/a.parquet");

        Assert.Equal(1, code);
        Assert.Equal("datalocal: /cli-put/a.parquet: File exists (use -f to overwrite)", error.Trim());
    }

    [Fact]
    public async Task Cat_WritesExactBytes()
    {
        await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), "/cli-cat/a.parquet", "-f");

        var (code, bytes) = await CliRun.RunBinaryAsync(fixture.Cluster, "fs", "cat", "/cli-cat/a.parquet");

        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllBytes(TestData.Parquet("sort_columns.parquet")), bytes);
    }

    [Fact]
    public async Task Rm_MissingPath_ExitCode1()
    {
        var (code, _, error) = await Run("fs", "rm", "/cli-rm/nothing-here");

        Assert.Equal(1, code);
        Assert.Contains("No such file or directory", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/h")]
    [InlineData("/?")]
    public async Task PathsThatLookLikeWindowsHelpSwitches_AreUsedAsPaths(string path)
    {
        var (missing, _, missingError) = await Run("fs", "ls", path);
        Assert.Equal(1, missing);
        // `/?` is also a glob (any one-letter name under /), so its miss is worded as hdfs words a glob's.
        Assert.Contains(path, missingError, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", missingError, StringComparison.Ordinal);

        var (put, _, putError) = await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), path);
        var (ls, output, _) = await Run("fs", "ls", path);
        var (fsck, fsckOutput, _) = await Run("fs", "fsck", path);
        await Run("fs", "rm", path.Replace("?", "\\?", StringComparison.Ordinal));

        Assert.True(put == 0, putError);
        Assert.Equal(0, ls);
        Assert.Contains(path, output, StringComparison.Ordinal);
        Assert.Equal(0, fsck);
        Assert.Contains($"The filesystem under path '{path}' is HEALTHY", fsckOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_UnparseableBlockSize_ExitCode2()
    {
        var (code, _, error) = await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), "/cli-r/a.parquet", "--block-size", "lots");

        Assert.Equal(2, code);
        Assert.Contains("'lots' is not a size", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_SeveralFilesIntoDirectory_KeepTheirNames()
    {
        await Run("fs", "mkdir", "-p", "/cli-multi");

        var (code, output, error) = await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), TestData.Parquet("userdata1.parquet"), "/cli-multi");

        Assert.True(code == 0, error);
        Assert.Contains("Stored /cli-multi/sort_columns.parquet", output, StringComparison.Ordinal);
        Assert.Contains("Stored /cli-multi/userdata1.parquet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_SeveralFilesOntoMissingDirectory_Refused()
    {
        var (code, _, error) = await Run("fs", "put", TestData.Parquet("sort_columns.parquet"), TestData.Parquet("userdata1.parquet"), "/cli-multi-missing");

        Assert.Equal(1, code);
        Assert.Contains("is not a directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminReport_ListsLiveDatanodes()
    {
        var (code, output, _) = await Run("admin", "report");

        Assert.Equal(0, code);
        Assert.Contains("Live datanodes (3):", output, StringComparison.Ordinal);
        Assert.Equal(3, output.Split('\n').Count(l => l.StartsWith("Name: http://127.0.0.1:", StringComparison.Ordinal)));
    }

    private Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRun.RunAsync(fixture.Cluster, args);
}
