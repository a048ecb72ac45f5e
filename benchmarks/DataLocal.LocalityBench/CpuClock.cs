using System.Globalization;

namespace DataLocal.LocalityBench;

/// <summary>CPU time from /proc: of given processes (user + system) and of the whole machine (busy, all cores).</summary>
public static class CpuClock
{
    // USER_HZ: the unit of /proc's CPU times, 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    /// <summary>User + system seconds the processes have used so far (a process gone meanwhile counts 0).</summary>
    public static double ProcessSeconds(IEnumerable<int> pids)
    {
        ArgumentNullException.ThrowIfNull(pids);
        double total = 0;
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
                // Fields after "(comm)": state is field 3, utime 14, stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended.
            }
        }
        return total;
    }

    /// <summary>Busy and total seconds of all cores since boot (/proc/stat's first line; idle and iowait are not busy).</summary>
    public static (double Busy, double Total) Machine()
    {
        var line = File.ReadLines("/proc/stat").First();
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + values[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }
}
