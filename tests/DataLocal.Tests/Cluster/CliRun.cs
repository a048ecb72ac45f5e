using DataLocal.Cli;
using DataLocal.Testing;

namespace DataLocal.Tests.Cluster;

/// <summary>Runs the `datalocal` CLI in-process against a test cluster and captures what it printed.</summary>
public static class CliRun
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(InProcessCluster cluster, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, .. cluster.CliConnection], new CliConsole(output, error));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command whose result is raw bytes (`fs cat`, `fs head`), captured as written.</summary>
    public static async Task<(int Code, byte[] Bytes)> RunBinaryAsync(InProcessCluster cluster, params string[] args)
    {
        using var bytes = new MemoryStream();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, .. cluster.CliConnection], new CliConsole(TextWriter.Null, error, () => new KeepOpenStream(bytes)));
        Assert.True(code == 0 || error.ToString().Length > 0, "a failing command says why");
        return (code, bytes.ToArray());
    }

    // The command disposes the output it was given; the bytes must outlive it.
    private sealed class KeepOpenStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
