using Microsoft.Extensions.Logging;

namespace DataLocal.Common.Hosting;

/// <summary>
/// How a role's console log lines look: one line per entry, starting with a UTC timestamp, then the
/// level and the category, so lines from several nodes can be merged and sorted, and grep finds the
/// whole entry.
/// </summary>
public static class RoleLogFormat
{
    /// <summary>The timestamp every line starts with: ISO 8601, UTC, milliseconds.</summary>
    public const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static ILoggingBuilder OneLinePerEntry(this ILoggingBuilder logging) => logging.AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.UseUtcTimestamp = true;
        console.TimestampFormat = Timestamp;
    });
}
