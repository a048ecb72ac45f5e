using System.CommandLine;
using DataLocal.NameNode.Security;
using Microsoft.Extensions.Logging;
using Serilog;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `namenode --audit-log-file FILE`: the audit log (who did what, <see cref="AuditInterceptor"/>) in a
/// file of its own, as HDFS keeps hdfs-audit.log apart from the namenode's log, rolled over by the same
/// --log-max-size and --log-max-files. Its lines then leave the main log.
/// </summary>
public static class AuditLogging
{
    public static readonly Option<string?> AuditLogFile = new("--audit-log-file")
    {
        Description = "Write the audit log (one line per user call) to this file instead of the main log",
    };

    /// <summary>Adds the audit file to <paramref name="logging"/> when the command line names one.</summary>
    public static Action<ILoggingBuilder>? Apply(ParseResult parse, Action<ILoggingBuilder>? logging)
    {
        var file = parse.GetValue(AuditLogFile);
        if (string.IsNullOrEmpty(file))
        {
            return logging;
        }
        var audit = ToFile(Path.GetFullPath(file), ByteSize.Parse(parse.GetValue(RoleLogging.LogMaxSize)!), parse.GetValue(RoleLogging.LogMaxFiles));
        return builder =>
        {
            logging?.Invoke(builder);
            audit(builder);
        };
    }

    /// <summary>The audit category to <paramref name="auditFile"/> only, every other category where it went before.</summary>
    public static Action<ILoggingBuilder> ToFile(string auditFile, long maxBytes, int maxFiles)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(new RoleLogLineFormatter(), auditFile, fileSizeLimitBytes: maxBytes, rollOnFileSizeLimit: true, retainedFileCountLimit: Math.Max(1, maxFiles))
            .CreateLogger();
        return logging =>
        {
            logging.AddProvider(new AuditFileProvider(new Serilog.Extensions.Logging.SerilogLoggerProvider(logger, dispose: true)));
            // The audit category is written by the audit file's provider alone.
            logging.AddFilter((provider, category, _) =>
                provider == typeof(AuditFileProvider).FullName || !string.Equals(category, AuditInterceptor.Category, StringComparison.Ordinal));
        };
    }

    // Its own type, so the filter above can tell it from the main log's provider.
    private sealed class AuditFileProvider(ILoggerProvider inner) : ILoggerProvider
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) =>
            string.Equals(categoryName, AuditInterceptor.Category, StringComparison.Ordinal)
                ? inner.CreateLogger(categoryName)
                : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose() => inner.Dispose();
    }
}
