using System.Diagnostics;

namespace DataLocal.Tests.EndToEnd;

/// <summary>Runs the real `datalocal` executable (as `dotnet datalocal.dll`, built next to the tests) and captures its output.</summary>
public static class DataLocalProcess
{
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "datalocal.dll");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("DATALOCAL_NAMENODE");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
