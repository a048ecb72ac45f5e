using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DataLocal.Tests.EndToEnd;

namespace DataLocal.Tests.FaultLoops;

/// <summary>A namenode or datanode running as a real `datalocal` process, which a fault loop can kill -9.</summary>
public sealed class RoleProcess : IDisposable
{
    private readonly Process _process;

    private RoleProcess(Process process) => _process = process;

    public static RoleProcess Start(string logFile, params string[] arguments)
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
        var process = Process.Start(info)!;
        // Drain the pipes so a chatty process never blocks on a full one.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RoleProcess(process);
    }

    /// <summary>A TCP port free right now, for a process that must come back on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
