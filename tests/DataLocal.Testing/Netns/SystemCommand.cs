using System.Diagnostics;

namespace DataLocal.Testing.Netns;

/// <summary>Runs `ip`, `tc` and `kill`: the harness's only way to change the machine's network.</summary>
public static class SystemCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the command and returns its output; throws with its error output if it fails.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var (exitCode, output, error) = TryRun(file, arguments);
        if (exitCode != 0)
        {
            throw new NetnsException($"`{file} {string.Join(' ', arguments)}` failed ({exitCode}): {error.Trim()}");
        }
        return output;
    }

    public static (int ExitCode, string Output, string Error) TryRun(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new NetnsException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new NetnsException($"`{file} {string.Join(' ', arguments)}` did not finish in {Timeout.TotalSeconds} s");
        }
        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>Whether an executable is on the PATH, looked up without running it.</summary>
    public static bool OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Any(dir => File.Exists(Path.Combine(dir, file)));
}

/// <summary>A namespace, link or shaping step the harness could not carry out.</summary>
public sealed class NetnsException(string message) : Exception(message);
