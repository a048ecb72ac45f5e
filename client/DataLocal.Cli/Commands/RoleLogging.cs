namespace DataLocal.Cli.Commands;

/// <summary>
/// Sends a role's console output to a log file. A background role started by `cluster start` must
/// not write to its parent's terminal or pipes, which may be gone long before the role stops.
/// </summary>
public static class RoleLogging
{
    public static void RedirectConsole(string? logFile)
    {
        if (string.IsNullOrEmpty(logFile))
        {
            return;
        }
        var writer = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Console.SetOut(writer);
        Console.SetError(writer);
    }
}
