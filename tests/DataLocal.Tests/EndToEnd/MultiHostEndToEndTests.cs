using DataLocal.Cli.Cluster;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DataLocal.Common.Hosting;
using DataLocal.Testing;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.EndToEnd;

/// <summary>The real executable off the loopback: bound to this machine's address, and the one-line errors of bad addresses.</summary>
public sealed class MultiHostEndToEndTests
{
    [SkippableFact]
    public async Task ClusterStart_BoundToMachineAddress_WarnsAndPutGetJobNodeLocal()
    {
        var ip = NodeAddresses.FirstNonLoopbackIPv4();
        Skip.If(ip is null, "this machine has no non-loopback IPv4 address to bind to");
        var work = Files.TempDirectory();

        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--bind", ip!.ToString(), "--datanodes", "2", "--replication", "2", "--block-size", "4KB");

        Assert.True(start.ExitCode == 0, start.Error);
        try
        {
            var warning = Assert.Single(start.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"datalocal: warning: cluster listening on {ip} (ports ", warning, StringComparison.Ordinal);
            var namenode = ReadNameNode(work);
            Assert.StartsWith($"http://{ip}:", namenode, StringComparison.Ordinal);

            var source = TestData.Parquet("file_row_number.parquet");
            var put = await DataLocalProcess.RunAsync(work, "fs", "put", source, "/seq.parquet");
            Assert.True(put.ExitCode == 0, put.Error);
            var get = await DataLocalProcess.RunAsync(work, "fs", "get", "/seq.parquet", Path.Combine(work, "copy.parquet"));
            Assert.True(get.ExitCode == 0, get.Error);
            Assert.Equal(Files.Sha256(source), Files.Sha256(Path.Combine(work, "copy.parquet")));
            var blocks = await DataLocalProcess.RunAsync(work, "fs", "blocks", "/seq.parquet", "--json");
            using (var json = JsonDocument.Parse(blocks.Output))
            {
                Assert.All(json.RootElement.EnumerateArray().SelectMany(b => b.GetProperty("replicas").EnumerateArray()),
                    r => Assert.StartsWith($"http://{ip}:", r.GetProperty("address").GetString(), StringComparison.Ordinal));
            }

            var job = await DataLocalProcess.RunAsync(work, "job", "submit", "--wait", "--json", "SELECT count(*), sum(seq) FROM /seq.parquet WHERE seq % 7 = 0");
            Assert.True(job.ExitCode == 0, job.Error);
            using var result = JsonDocument.Parse(job.Output);
            var info = result.RootElement.GetProperty("job");
            Assert.Equal("succeeded", info.GetProperty("state").GetString());
            Assert.Equal(10, info.GetProperty("tasksNodeLocal").GetInt32());
        }
        finally
        {
            await DataLocalProcess.RunAsync(work, "cluster", "stop");
        }
    }

    [Fact]
    public async Task Namenode_PortInUse_ExitCode1OneLineNamingAddress()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var work = Files.TempDirectory();

        var result = await DataLocalProcess.RunAsync(work, "namenode", "--dir", Path.Combine(work, "nn"), "--port", port, "--http-port", "0");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"datalocal: cannot listen on 127.0.0.1:{port}: the port is already in use; stop what uses it or choose another --port (0 = any free port)", line);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Datanode_WildcardAdvertise_ExitCode1OneLineNamingAddress()
    {
        var work = Files.TempDirectory();

        var secrets = ClusterSecrets.Ensure(work);
        var result = await DataLocalProcess.RunAsync(work, ["datanode", "--namenode", "http://127.0.0.1:1", "--dir", Path.Combine(work, "dn"), "--port", "0", "--http-port", "0", "--advertise", "0.0.0.0", .. secrets.DataNodeArguments]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("datalocal: --advertise 0.0.0.0: a wildcard address cannot be connected to", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterStart_AdvertisedAddressUnreachable_ExitCode1NamingItAndNoProcessLeft()
    {
        var work = Files.TempDirectory();

        // Bound to 127.0.0.1, advertised as 127.0.0.2 where nothing listens: the namenode cannot call it back.
        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--datanodes", "1", "--replication", "1", "--advertise", "127.0.0.2");

        Assert.Equal(1, start.ExitCode);
        var line = Assert.Single(start.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^datalocal: the namenode cannot reach datanode \S+ at http://127\.0\.0\.2:\d+: .*; check --advertise$", line);
        Assert.False(File.Exists(Path.Combine(work, ".datalocal", "cluster.json")));
        var pids = Directory.GetFiles(Path.Combine(work, ".datalocal"), EndpointFile.FileName, SearchOption.AllDirectories)
            .Select(f => EndpointFile.TryRead(Path.GetDirectoryName(f)!)!.ProcessId).ToList();
        Assert.Equal(2, pids.Count);
        await Eventually.TrueAsync(() => pids.All(pid => !IsAlive(pid)), "every started process to exit");
    }

    [Fact]
    public async Task FsLs_NamenodeUnreachable_ExitCode1OneLineNamingAddress()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // Bound but not listening: connections to it are refused, and no one else can take the port meanwhile.
        var address = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}";

        var result = await DataLocalProcess.RunAsync(Files.TempDirectory(), "fs", "ls", "/", "--namenode", address);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"datalocal: cannot reach the namenode at {address}", line, StringComparison.Ordinal);
    }

    private static string ReadNameNode(string work)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, ".datalocal", "cluster.json")));
        return json.RootElement.GetProperty("NameNode").GetString()!;
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
