using System.Diagnostics;

namespace DataLocal.Cli.Cluster;

/// <summary>
/// Starts another copy of this executable in the background: `datalocal namenode …` and
/// `datalocal datanode …` are roles of the same program, as `hdfs namenode` is.
/// </summary>
public static class SelfLauncher
{
    public static Process Start(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        var info = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            // The role must not hold our stdio: a caller reading our output to its end would wait
            // for the background processes too. Roles log to files (--log-file).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Under `dotnet datalocal.dll` the process is the dotnet host; the program is the entry assembly.
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(typeof(SelfLauncher).Assembly.Location);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {host}");
    }
}
