using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DataLocal.Cli.Cluster;

/// <summary>Stops background role processes: SIGTERM first so they shut down cleanly, SIGKILL if they will not.</summary>
public static partial class ProcessControl
{
    private const int SigTerm = 15;

    /// <summary>True when <paramref name="processId"/> is alive and is the role that owns <paramref name="directory"/> (not a recycled pid).</summary>
    public static bool IsRunning(int processId, string directory)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited)
            {
                return false;
            }
            var cmdline = $"/proc/{processId}/cmdline";
            return !File.Exists(cmdline) || File.ReadAllText(cmdline).Contains(directory, StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static async Task StopAsync(int processId, TimeSpan grace)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return;
        }
        using (process)
        {
            if (OperatingSystem.IsWindows() || Kill(processId, SigTerm) != 0)
            {
                process.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
