using DataLocal.Client.Writing;

namespace DataLocal.Tests.WebHdfs;

/// <summary>
/// WebHDFS as clients nobody here wrote use it: the README's curl lines, run as written, and Python's
/// fsspec WebHDFS filesystem (Debian's python3-fsspec) listing, reading byte-exact and writing.
/// </summary>
[Collection(WebHdfsClusterDefinition.Name)]
public sealed class WebHdfsExternalClientTests(WebHdfsClusterFixture fixture) : IDisposable
{
    private const string Curl = "/usr/bin/curl";

    // Debian's interpreter, where python3-fsspec installs (a python3 earlier on PATH may be another one).
    private const string Python = "/usr/bin/python3";

    private readonly string _work = Directory.CreateTempSubdirectory("datalocal-webhdfs-").FullName;

    private Uri NameNodeHttp => new(fixture.Cluster.NameNode.HttpAddress!);

    [SkippableFact]
    public async Task ReadmeCurlExamples_RunAsWritten()
    {
        Skip.IfNot(ExternalTool.Exists(Curl), "curl is not installed at /usr/bin/curl");
        var sales = await File.ReadAllBytesAsync(TestData.Parquet("alltypes_tiny_pages.parquet"));
        await File.WriteAllBytesAsync(Path.Combine(_work, "sales.parquet"), sales);
        var script = ReadmeCurlBlock()
            .Replace("NN=http://127.0.0.1:9870", $"NN={fixture.Cluster.NameNode.HttpAddress}", StringComparison.Ordinal)
            .Replace("TOKEN=$(cat .datalocal/token)", $"TOKEN={fixture.Cluster.AdminToken}", StringComparison.Ordinal);

        var (code, output, error) = await ExternalTool.RunAsync("/bin/bash", ["-euo", "pipefail", "-c", script], _work);

        Assert.True(code == 0, $"the README's curl lines failed ({code}): {error}\n{output}");
        Assert.Contains("\"FileStatuses\":{\"FileStatus\":[", output, StringComparison.Ordinal);
        Assert.Contains("{\"boolean\":true}", output, StringComparison.Ordinal);
        Assert.Contains($"\"length\":{sales.Length},", output, StringComparison.Ordinal);
        Assert.Equal(sales, await File.ReadAllBytesAsync(Path.Combine(_work, "copy.parquet")));
        // Both reads print the four bytes, each followed by the README's echo.
        Assert.Equal(2, output.Split("PAR1\n").Length - 1);
        Assert.Contains("\"ContentSummary\":{\"directoryCount\":1,\"fileCount\":1,", output, StringComparison.Ordinal);
        Assert.Contains($"\"spaceConsumed\":{3 * sales.Length},", output, StringComparison.Ordinal);
        Assert.Contains("\"exception\":\"FileNotFoundException\"", output, StringComparison.Ordinal);
        Assert.EndsWith("{\"boolean\":true}", output.TrimEnd(), StringComparison.Ordinal);
        using var client = fixture.Cluster.CreateClient();
        Assert.Null(await client.StatAsync("/demo"));
    }

    [SkippableFact]
    public async Task Fsspec_ListsReadsByteExactAndWrites()
    {
        Skip.IfNot(ExternalTool.Exists(Python), "Debian's python3 (/usr/bin/python3) is not installed");
        var probe = await ExternalTool.RunAsync(Python, ["-c", "import fsspec.implementations.webhdfs, requests"], _work);
        Skip.If(probe.Code != 0, $"python3-fsspec and python3-requests are not installed (apt-get install python3-fsspec python3-requests): {probe.Error.Trim()}");
        var dir = $"/fsspec-{Guid.NewGuid():N}"[..16];
        var stored = Enumerable.Range(0, 2_500_000).Select(i => (byte)(i * 7 ^ (i >> 10))).ToArray();
        var toWrite = Enumerable.Range(0, 2_300_000).Select(i => (byte)(i * 13 ^ (i >> 9))).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(_work, "stored.bin"), stored);
        await File.WriteAllBytesAsync(Path.Combine(_work, "to-write.bin"), toWrite);
        using var client = fixture.Cluster.CreateClient();
        // Small blocks, so the reads cross block boundaries.
        await client.PutAsync(Path.Combine(_work, "stored.bin"), dir + "/stored.bin", new PutOptions(BlockSize: 1024 * 1024));
        await client.MkdirsAsync(dir + "/sub", parents: true);
        // fsspec reads by ranges of block_size (OPEN with offset and length) and writes by CREATE then one APPEND per block_size.
        const string script = """
            import sys
            from fsspec.implementations.webhdfs import WebHDFS
            host, port, token, d = sys.argv[1:]
            fs = WebHDFS(host, port=int(port), token=token)
            print("ls", ",".join(fs.ls(d)))
            print("size", fs.info(d + "/stored.bin")["size"])
            with fs.open(d + "/stored.bin", "rb", block_size=300000) as f:
                data = f.read()
            open("read.bin", "wb").write(data)
            with fs.open(d + "/written.bin", "wb", block_size=1048576) as f:
                f.write(open("to-write.bin", "rb").read())
            print("written", fs.info(d + "/written.bin")["size"])
            """;

        var (code, output, error) = await ExternalTool.RunAsync(
            Python, ["-c", script, NameNodeHttp.Host, NameNodeHttp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), fixture.Cluster.AdminToken, dir], _work);

        Assert.True(code == 0, $"fsspec failed ({code}): {error}\n{output}");
        Assert.Contains($"ls {dir}/stored.bin,{dir}/sub", output, StringComparison.Ordinal);
        Assert.Contains($"size {stored.Length}", output, StringComparison.Ordinal);
        Assert.Equal(stored, await File.ReadAllBytesAsync(Path.Combine(_work, "read.bin")));
        Assert.Contains($"written {toWrite.Length}", output, StringComparison.Ordinal);
        using var written = new MemoryStream();
        await client.ReadToAsync(dir + "/written.bin", written);
        Assert.Equal(toWrite, written.ToArray());
    }

    /// <summary>The first bash block of the README's "WebHDFS REST" section.</summary>
    private static string ReadmeCurlBlock()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.Root, "..", "README.md"));
        var section = readme[readme.IndexOf("## WebHDFS REST", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
