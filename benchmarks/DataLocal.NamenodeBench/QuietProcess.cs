using System.Diagnostics;

namespace DataLocal.NamenodeBench;

/// <summary>
/// Waits until this process goes quiet before rates are measured. A namenode that has just left safe mode
/// goes on with work of its own for a while (the other datanodes' full block reports, its first replication
/// scans), and a rate measured meanwhile counted that CPU as the operation's: locate, measured first, cost
/// three times what the same locate cost when measured again a few phases later.
/// </summary>
public static class QuietProcess
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Seconds until a whole second passed with less than <paramref name="busyCores"/> of a core used, or <paramref name="longest"/>.</summary>
    public static async Task<double> WaitAsync(TimeSpan longest, double busyCores = 0.05)
    {
        var watch = Stopwatch.StartNew();
        using var process = Process.GetCurrentProcess();
        while (watch.Elapsed < longest)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            await Task.Delay(Window).ConfigureAwait(false);
            process.Refresh();
            if ((process.TotalProcessorTime - before) / Window < busyCores)
            {
                break;
            }
        }
        return watch.Elapsed.TotalSeconds;
    }
}
