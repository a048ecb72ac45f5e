using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DataLocal.Testing;

/// <summary>Every log line of an in-process cluster, at every level, kept in memory so a test can search what was logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Configures a role's logging to send everything here (and nowhere else).</summary>
    public void Configure(ILoggingBuilder logging) => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(this);

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
