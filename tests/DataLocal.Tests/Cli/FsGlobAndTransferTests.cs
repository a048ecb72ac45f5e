using System.Text;
using DataLocal.Cli;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Cli;

/// <summary>Globs in cluster paths, and put/get of several files, directories and standard input, through the CLI.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class FsGlobAndTransferTests(SharedClusterFixture fixture) : IDisposable
{
    private readonly CliScratch _scratch = new(fixture.Cluster);

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Ls_Glob_ListsOnlyMatches_WithStarQuestionClassAndBraces()
    {
        await _scratch.StoreAsync("/cli-glob/part-0.csv", "a");
        await _scratch.StoreAsync("/cli-glob/part-1.csv", "b");
        await _scratch.StoreAsync("/cli-glob/part-12.csv", "c");
        await _scratch.StoreAsync("/cli-glob/other.txt", "d");

        var star = await Listed("/cli-glob/part-*.csv");
        var question = await Listed("/cli-glob/part-?.csv");
        var @class = await Listed("/cli-glob/part-[1].csv");
        var braces = await Listed("/cli-glob/{other.txt,part-0.csv}");
        var directories = await Listed("/cli-g*b/o*");

        Assert.Equal(["/cli-glob/part-0.csv", "/cli-glob/part-1.csv", "/cli-glob/part-12.csv"], star);
        Assert.Equal(["/cli-glob/part-0.csv", "/cli-glob/part-1.csv"], question);
        Assert.Equal(["/cli-glob/part-1.csv"], @class);
        Assert.Equal(["/cli-glob/other.txt", "/cli-glob/part-0.csv"], braces);
        Assert.Equal(["/cli-glob/other.txt"], directories);
    }

    [Fact]
    public async Task Ls_FilesNamedFirstWithoutFoundLine_ThenEachDirectoryUnderFoundNItems()
    {
        await _scratch.StoreAsync("/cli-glob-ls/d/x.csv", "x");
        await _scratch.StoreAsync("/cli-glob-ls/f1.csv", "1");
        await _scratch.StoreAsync("/cli-glob-ls/f2.csv", "2");

        var (code, output, error) = await Run("fs", "ls", "/cli-glob-ls/d", "/cli-glob-ls/f?.csv");

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith(" /cli-glob-ls/f1.csv", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" /cli-glob-ls/f2.csv", lines[1], StringComparison.Ordinal);
        Assert.Equal("Found 1 items", lines[2]);
        Assert.EndsWith(" /cli-glob-ls/d/x.csv", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobMatchingNothing_IsHdfsStyleNoSuchFileError()
    {
        await _scratch.StoreAsync("/cli-glob-none/a.csv", "a");

        var ls = await Run("fs", "ls", "/cli-glob-none/x*");
        var rm = await Run("fs", "rm", "/cli-glob-none/x*", "/cli-glob-none/a.csv");

        Assert.Equal((1, "datalocal: ls: `/cli-glob-none/x*': No such file or directory"), (ls.Code, ls.Error.Trim()));
        Assert.Equal((1, "datalocal: rm: `/cli-glob-none/x*': No such file or directory"), (rm.Code, rm.Error.Trim()));
        Assert.Equal(0, (await Run("fs", "test", "-e", "/cli-glob-none/a.csv")).Code);
    }

    [Fact]
    public async Task Rm_Glob_DeletesOnlyTheMatches()
    {
        await _scratch.StoreAsync("/cli-glob-rm/keep.csv", "k");
        await _scratch.StoreAsync("/cli-glob-rm/drop-1.csv", "1");
        await _scratch.StoreAsync("/cli-glob-rm/drop-2.csv", "2");

        var (code, output, error) = await Run("fs", "rm", "/cli-glob-rm/drop-*");

        Assert.True(code == 0, error);
        Assert.Equal(["Deleted /cli-glob-rm/drop-1.csv", "Deleted /cli-glob-rm/drop-2.csv"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["/cli-glob-rm/keep.csv"], await Listed("/cli-glob-rm"));
    }

    [Fact]
    public async Task RmForce_PathsThatNameNothing_AreNotErrors_OthersStillDeleted()
    {
        await _scratch.StoreAsync("/cli-rm-force/here.csv", "h");

        var (code, output, error) = await Run("fs", "rm", "-f", "/cli-rm-force/missing", "/cli-rm-force/x*", "/cli-rm-force/here.csv");

        Assert.Equal((0, string.Empty), (code, error));
        Assert.Equal("Deleted /cli-rm-force/here.csv", output.Trim());
    }

    [Fact]
    public async Task Cat_Glob_WritesEachMatchInListingOrder()
    {
        await _scratch.StoreAsync("/cli-glob-cat/b.txt", "second\n");
        await _scratch.StoreAsync("/cli-glob-cat/a.txt", "first\n");

        var (code, bytes) = await RunBinary("fs", "cat", "/cli-glob-cat/*.txt");

        Assert.Equal(0, code);
        Assert.Equal("first\nsecond\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Put_Directory_RecreatesItsTree_AndGetBringsItBackByteExact()
    {
        var source = _scratch.Directory.CreateSubdirectory("tree");
        Directory.CreateDirectory(Path.Combine(source.FullName, "sub", "deeper"));
        Directory.CreateDirectory(Path.Combine(source.FullName, "empty"));
        File.WriteAllText(Path.Combine(source.FullName, "top.txt"), "top");
        File.WriteAllBytes(Path.Combine(source.FullName, "sub", "deeper", "data.bin"), [.. Enumerable.Range(0, 5000).Select(i => (byte)i)]);
        File.Copy(TestData.Parquet("sort_columns.parquet"), Path.Combine(source.FullName, "sub", "s.parquet"));
        await Run("fs", "rm", "-r", "/cli-put-tree");
        await Run("fs", "mkdir", "-p", "/cli-put-tree");

        var put = await Run("fs", "put", source.FullName, "/cli-put-tree");
        var listing = await Run("fs", "ls", "-R", "/cli-put-tree");
        var back = Path.Combine(_scratch.Directory.FullName, "back");
        var get = await Run("fs", "get", "/cli-put-tree/tree", back);

        Assert.True(put.Code == 0, put.Error);
        Assert.Contains("(Parquet, ", put.Output, StringComparison.Ordinal);
        foreach (var path in new[] { "/cli-put-tree/tree/empty", "/cli-put-tree/tree/sub/deeper/data.bin", "/cli-put-tree/tree/sub/s.parquet", "/cli-put-tree/tree/top.txt" })
        {
            Assert.Contains(" " + path + "\n", listing.Output, StringComparison.Ordinal);
        }
        Assert.True(get.Code == 0, get.Error);
        Assert.True(Directory.Exists(Path.Combine(back, "empty")));
        foreach (var file in new[] { "top.txt", Path.Combine("sub", "deeper", "data.bin"), Path.Combine("sub", "s.parquet") })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(source.FullName, file)), File.ReadAllBytes(Path.Combine(back, file)));
        }
    }

    [Fact]
    public async Task Put_StandardInput_StoresItsBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("from a pipe\nline two\n");
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error) { OpenStandardInput = () => new MemoryStream(bytes) };

        var code = await CliApp.RunAsync(["fs", "put", "-f", "-", "/cli-put-stdin/piped.txt", .. fixture.Cluster.CliConnection], console);
        var (_, stored) = await RunBinary("fs", "cat", "/cli-put-stdin/piped.txt");

        Assert.True(code == 0, error.ToString());
        Assert.Equal(bytes, stored);
    }

    [Fact]
    public async Task Put_OntoATrailingSlashWithNoDirectoryThere_IsRefused_NotStoredAsAFile()
    {
        var local = _scratch.File("y.txt", "y");

        var (code, _, error) = await Run("fs", "put", local, "/cli-put-slash-missing/");

        Assert.Equal(1, code);
        Assert.Equal("datalocal: put: `/cli-put-slash-missing/': No such directory (create it with `datalocal fs mkdir -p /cli-put-slash-missing`)", error.Trim());
        Assert.Equal(1, (await Run("fs", "test", "-e", "/cli-put-slash-missing")).Code);
    }

    [Fact]
    public async Task Put_StandardInputAmongOtherSources_IsAUsageError()
    {
        var local = _scratch.File("x.txt", "x");

        var (code, _, error) = await Run("fs", "put", "-", local, "/cli-put-stdin");

        Assert.Equal(2, code);
        Assert.Equal("datalocal: - (standard input) must be the only source", error.Trim());
    }

    [Fact]
    public async Task Get_GlobOfSeveralFiles_IntoALocalDirectory()
    {
        await _scratch.StoreAsync("/cli-get-many/a.txt", "alpha");
        await _scratch.StoreAsync("/cli-get-many/b.txt", "beta");
        var into = _scratch.Directory.CreateSubdirectory("many").FullName;

        var (code, _, error) = await Run("fs", "get", "/cli-get-many/*.txt", into);
        var onto = await Run("fs", "get", "/cli-get-many/a.txt", "/cli-get-many/b.txt", Path.Combine(_scratch.Directory.FullName, "missing"));

        Assert.True(code == 0, error);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(into, "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(into, "b.txt")));
        Assert.Equal(1, onto.Code);
        Assert.Contains("is not a local directory", onto.Error, StringComparison.Ordinal);
    }

    private async Task<string[]> Listed(string pattern)
    {
        var (code, output, error) = await Run("fs", "ls", pattern);
        Assert.True(code == 0, error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Found ", StringComparison.Ordinal)).Select(l => l[(l.LastIndexOf(' ') + 1)..])];
    }

    private Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRun.RunAsync(fixture.Cluster, args);

    private Task<(int Code, byte[] Bytes)> RunBinary(params string[] args) => CliRun.RunBinaryAsync(fixture.Cluster, args);
}
