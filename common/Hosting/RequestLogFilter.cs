using Microsoft.Extensions.Logging;

namespace DataLocal.Common.Hosting;

/// <summary>
/// Keeps ASP.NET Core's per-request lines out of the roles' logs: with every heartbeat, pull and
/// block call logged at Information, an idle namenode wrote megabytes a minute and spent most of
/// its idle CPU writing them. Warnings and errors from the framework still show.
/// </summary>
public static class RequestLogFilter
{
    public static ILoggingBuilder QuietPerRequestLogs(this ILoggingBuilder logging) => logging
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter("Grpc", LogLevel.Warning);
}
