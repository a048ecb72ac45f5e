using System.Collections.Concurrent;
using DataLocal.Cli;
using DataLocal.Client.Writing;
using DataLocal.Testing;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Cli;

/// <summary>Put and get tell a caller how far they are; the CLI draws that as a bar on a terminal only.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class TransferProgressTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task PutAndGet_ReportBytesAsTheyGo_EndingAtTheFilesLength()
    {
        using var client = fixture.Cluster.CreateClient();
        var local = Path.Combine(Files.TempDirectory(), "random.bin");
        await File.WriteAllBytesAsync(local, RandomBytes(3 * 1024 * 1024 + 17));
        var put = new ConcurrentQueue<long>();
        var got = new ConcurrentQueue<long>();

        await client.PutAsync(local, "/progress/random.bin", new PutOptions(BlockSize: 1024 * 1024, Progress: new Reporter(put.Enqueue)));
        await client.GetAsync("/progress/random.bin", local + ".copy", progress: new Reporter(got.Enqueue));

        var length = new FileInfo(local).Length;
        Assert.True(put.Count > 3, $"{put.Count} put reports");
        Assert.Equal(length, put.Max());
        Assert.True(got.Count > 1, $"{got.Count} get reports");
        Assert.Equal(length, got.Last());
        Assert.Equal(await File.ReadAllBytesAsync(local), await File.ReadAllBytesAsync(local + ".copy"));
    }

    [Fact]
    public async Task FsPutAndGet_OnATerminal_DrawAProgressBar_ElsewhereNoEscapeCodes()
    {
        var local = Path.Combine(Files.TempDirectory(), "bar.bin");
        await File.WriteAllBytesAsync(local, RandomBytes(2 * 1024 * 1024));

        var terminal = await RunAsync(errorIsTerminal: true, "fs", "put", local, "/progress/bar.bin");
        var plain = await RunAsync(errorIsTerminal: false, "fs", "put", "-f", local, "/progress/bar.bin");
        var terminalGet = await RunAsync(errorIsTerminal: true, "fs", "get", "/progress/bar.bin", local + ".copy");

        Assert.Contains("\u001b[", terminal, StringComparison.Ordinal);
        Assert.Contains("100%", terminal, StringComparison.Ordinal);
        Assert.Contains("100%", terminalGet, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", plain, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(local), await File.ReadAllBytesAsync(local + ".copy"));
    }

    private async Task<string> RunAsync(bool errorIsTerminal, params string[] args)
    {
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, .. fixture.Cluster.CliConnection], new CliConsole(new StringWriter(), error, errorIsTerminal: errorIsTerminal));
        Assert.True(code == CliApp.Ok, error.ToString());
        return error.ToString();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
