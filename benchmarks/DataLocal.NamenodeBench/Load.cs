using System.Diagnostics;

namespace DataLocal.NamenodeBench;

/// <summary>Several callers repeating one operation for a fixed time: the operations per second they got together.</summary>
public static class Load
{
    public static async Task<double> OpsPerSecondAsync(int callers, TimeSpan duration, Func<int, long, Task> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            long done = 0;
            while (stopwatch.Elapsed < duration)
            {
                await operation(caller, done).ConfigureAwait(false);
                done++;
            }
            return done;
        })).ConfigureAwait(false);
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }
}
