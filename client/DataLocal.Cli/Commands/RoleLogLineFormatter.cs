using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Writes a log file's lines as the console writes them (<see cref="Common.Hosting.RoleLogFormat"/>):
/// "2026-12-02T08:00:00.000Z info: Category[event] message", exception lines after it. One format for
/// both, so a line reads and greps the same wherever it was written.
/// </summary>
public sealed class RoleLogLineFormatter : ITextFormatter
{
    // ":l" renders strings as they are, without the quotes Serilog would put around them.
    private static readonly MessageTemplateTextFormatter Message = new("{Message:l}", CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write(logEvent.Timestamp.UtcDateTime.ToString(Common.Hosting.RoleLogFormat.Timestamp, CultureInfo.InvariantCulture));
        output.Write(Level(logEvent.Level));
        output.Write(": ");
        output.Write(logEvent.Properties.TryGetValue("SourceContext", out var source) && source is ScalarValue { Value: string category } ? category : "?");
        if (logEvent.Properties.TryGetValue("EventId", out var eventId) && eventId is StructureValue structure
            && structure.Properties.FirstOrDefault(p => p.Name == "Id")?.Value is ScalarValue { Value: { } id })
        {
            output.Write('[');
            output.Write(Convert.ToString(id, CultureInfo.InvariantCulture));
            output.Write(']');
        }
        output.Write(' ');
        using var message = new StringWriter(CultureInfo.InvariantCulture);
        Message.Format(logEvent, message);
        output.Write(message.ToString().ReplaceLineEndings(" "));
        output.WriteLine();
        if (logEvent.Exception is { } exception)
        {
            output.WriteLine(exception.ToString());
        }
    }

    // The console's level names, so both read alike.
    private static string Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "trce",
        LogEventLevel.Debug => "dbug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warn",
        LogEventLevel.Error => "fail",
        _ => "crit",
    };
}
