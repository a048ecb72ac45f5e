using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataLocal.Tests.EndToEnd;

/// <summary>A namenode or datanode running as a real `datalocal` process, which a fault loop can kill -9.</summary>
public sealed class RoleProcess : IDisposable
{
    private readonly Process _process;

    private RoleProcess(Process process) => _process = process;

    public static RoleProcess Start(string logFile, params string[] arguments) => Start(new Dictionary<string, string>(), logFile, arguments);

    /// <summary>Starts a role with these variables added to its environment.</summary>
    public static RoleProcess Start(IReadOnlyDictionary<string, string> environment, string logFile, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(DataLocalProcess.Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.ArgumentList.Add("--log-file");
        info.ArgumentList.Add(logFile);
        info.Environment.Remove("DATALOCAL_NAMENODE");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        // Drain the pipes so a chatty process never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RoleProcess(process);
    }

    private void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>A TCP port free right now, for a process that must come back on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGSTOP: the process keeps its sockets but does nothing, as a wedged or swapped-out one.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>SIGCONT: a frozen process goes on where it stopped.</summary>
    public void Resume() => Signal("CONT");

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
        if (!_process.HasExited)
        {
            Resume(); // a stopped process still dies of SIGKILL, but its children may not be stopped
        }
        KillHard();
        _process.Dispose();
    }
}
