using System.Collections.Concurrent;
using System.Diagnostics;

namespace DataLocal.Testing.Netns;

/// <summary>
/// A process running inside a host's namespace (`ip netns exec NS program ...`, which execs the
/// program, so this process id is the program's). Its output lines are kept for <see cref="WaitForLineAsync"/>.
/// </summary>
public sealed class NetnsProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private NetnsProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> OutputLines => _lines;

    internal static NetnsProcess Start(string networkNamespace, string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", networkNamespace, program }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }
        // A node must find the namenode it is told about, never one from the developer's shell.
        info.Environment.Remove("DATALOCAL_NAMENODE");
        var process = Process.Start(info) ?? throw new NetnsException($"cannot start {program} in {networkNamespace}");
        var started = new NetnsProcess(process);
        // Drain both pipes so a chatty process never blocks on a full one.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { started._lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { started._lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        string? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = _lines.FirstOrDefault(match);
            if (found is null && _process.HasExited)
            {
                // The exit can be seen before the last output lines are delivered (netprobe prints its
                // measurement and exits at once): WaitForExit() without a timeout waits for both pipes to end.
                _process.WaitForExit();
                found = _lines.FirstOrDefault(match);
            }
            if (found is null && _process.HasExited)
            {
                throw new NetnsException($"the process exited ({_process.ExitCode}) before {what}: {string.Join(" | ", _lines)}");
            }
            return found is not null;
        }, what, timeout).ConfigureAwait(false);
        return found!;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine loses power.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }
}
