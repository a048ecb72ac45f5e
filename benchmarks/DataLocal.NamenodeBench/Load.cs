using System.Diagnostics;

namespace DataLocal.NamenodeBench;

/// <summary>
/// Several callers repeating one operation for a fixed time: the operations per second they got
/// together, and the process's CPU time per operation (client and namenode share the process). On a
/// machine shared with other work the rate depends on what CPU was left; CPU per operation does not,
/// and cores ÷ CPU per operation is the rate an idle machine of that many cores would reach.
/// </summary>
public static class Load
{
    /// <summary>Unmeasured time first: tiered JIT recompiles hot code for the first seconds, and its CPU is not the operation's.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<Rate> RunAsync(int callers, TimeSpan duration, Func<int, long, Task> operation)
    {
        await RepeatAsync(callers, WarmUp, operation, firstIndex: 1L << 40).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var operations = await RepeatAsync(callers, duration, operation, firstIndex: 0).ConfigureAwait(false);
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        return new Rate(operations / elapsed.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / operations);
    }

    /// <summary>Each caller repeats the operation until the time is up; the operations done. Indexes start at <paramref name="firstIndex"/> so warm-up and measurement never share one.</summary>
    private static async Task<long> RepeatAsync(int callers, TimeSpan duration, Func<int, long, Task> operation, long firstIndex)
    {
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            long done = 0;
            while (stopwatch.Elapsed < duration)
            {
                await operation(caller, firstIndex + done).ConfigureAwait(false);
                done++;
            }
            return done;
        })).ConfigureAwait(false);
        return counts.Sum();
    }
}

/// <summary>Operations per second, and CPU microseconds (all threads of the process) per operation.</summary>
public readonly record struct Rate(double PerSecond, double CpuMicrosecondsPerOperation)
{
    /// <summary>The rate the measured CPU cost allows on <paramref name="cores"/> otherwise idle cores.</summary>
    public double IdleCeiling(int cores) => cores * 1_000_000 / CpuMicrosecondsPerOperation;
}
