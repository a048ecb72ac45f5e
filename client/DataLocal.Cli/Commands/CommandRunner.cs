using DataLocal.Client;
using DataLocal.Common.Hosting;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Runs a command body and turns what a user can get wrong into one line on stderr and exit code
/// 1 — never a stack trace.
/// </summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DataLocalException or InvalidPathException or UsageException or NetworkAddressException or InvalidSettingException or IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"datalocal: {ex.Message}{CliHint(ex)}");
            return ex is UsageException ? CliApp.Usage : CliApp.Error;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("datalocal: cancelled");
            return CliApp.Error;
        }
    }

    // The library's messages name no command; on the command line, the next step can be one.
    private static string CliHint(Exception ex) => ex switch
    {
        NameNodeUnreachableException => " (start one with `datalocal cluster start`, or name it with --namenode)",
        _ => string.Empty,
    };
}

/// <summary>Arguments that parse but make no sense together; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
