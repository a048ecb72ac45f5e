using System.CommandLine;
using DataLocal.Common.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Where a role's logs go. On the console by default; with --log-file, to that file, rolled over at
/// --log-max-size and keeping --log-max-files of them, so a node that runs for months never fills its
/// disk with logs. Whatever else the process prints (a start-up error, a crash's stack trace) goes to
/// the file's .out sibling, as Hadoop's daemons keep .log and .out apart: a background role started by
/// `cluster start` must not write to its parent's terminal or pipes, which may be gone long before it stops.
/// </summary>
public static class RoleLogging
{
    public static readonly Option<string?> LogFile = new("--log-file")
    {
        Description = "Write logs to this file instead of the console (rolled at --log-max-size; other output goes to FILE with .out)",
    };

    public static readonly Option<string> LogMaxSize = new("--log-max-size")
    {
        Description = "Size at which the log file rolls over to a new one (default 64MB)",
        DefaultValueFactory = _ => "64MB",
    };

    public static readonly Option<int> LogMaxFiles = new("--log-max-files")
    {
        Description = "Log files kept, the current one included; older ones are deleted (default 5)",
        DefaultValueFactory = _ => 5,
    };

    public static IEnumerable<Option> Options => [LogFile, LogMaxSize, LogMaxFiles];

    /// <summary>The .out file beside a log file: the console output of a role that logs to files.</summary>
    public static string OutputFileFor(string logFile) => Path.ChangeExtension(logFile, ".out");

    /// <summary>
    /// Sends this role's logs where the command line says; returns how to set up its logging, or null
    /// to keep the console.
    /// </summary>
    public static Action<ILoggingBuilder>? Apply(ParseResult parse)
    {
        var logFile = parse.GetValue(LogFile);
        if (string.IsNullOrEmpty(logFile))
        {
            return null;
        }
        var maxBytes = ByteSize.Parse(parse.GetValue(LogMaxSize)!);
        var maxFiles = parse.GetValue(LogMaxFiles);
        if (maxFiles < 1)
        {
            throw new InvalidSettingException($"--log-max-files must be at least 1 (it was {maxFiles})");
        }
        RedirectConsole(OutputFileFor(logFile));
        return ToRollingFiles(logFile, maxBytes, maxFiles);
    }

    /// <summary>Logging into <paramref name="logFile"/>, rolled over at <paramref name="maxBytes"/>, <paramref name="maxFiles"/> files kept.</summary>
    public static Action<ILoggingBuilder> ToRollingFiles(string logFile, long maxBytes, int maxFiles)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose() // Microsoft.Extensions.Logging's filters (Logging:LogLevel) decide; this only writes.
            .WriteTo.File(new RoleLogLineFormatter(), logFile, fileSizeLimitBytes: maxBytes, rollOnFileSizeLimit: true, retainedFileCountLimit: maxFiles)
            .CreateLogger();
        return logging =>
        {
            logging.ClearProviders();
            // Not AddSerilog: it adds a Trace rule for its provider that would override every level set
            // in the Logging settings, the quiet request logs included.
            logging.AddProvider(new Serilog.Extensions.Logging.SerilogLoggerProvider(logger, dispose: true));
        };
    }

    private static void RedirectConsole(string outputFile)
    {
        var writer = new StreamWriter(new FileStream(outputFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        Console.SetOut(writer);
        Console.SetError(writer);
    }
}
