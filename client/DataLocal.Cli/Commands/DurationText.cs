using System.Globalization;

namespace DataLocal.Cli.Commands;

/// <summary>Parses durations as Spark settings are written: 3s, 500ms, 1m, 1h, or a bare number of seconds.</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, unit) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.Ordinal) => (trimmed[..^2], 0.001),
            _ when trimmed.EndsWith('s') => (trimmed[..^1], 1.0),
            _ when trimmed.EndsWith('m') => (trimmed[..^1], 60.0),
            _ when trimmed.EndsWith('h') => (trimmed[..^1], 3600.0),
            _ => (trimmed, 1.0),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new UsageException($"'{text}' is not a duration (examples: 3s, 500ms, 10m, 1h, 0)");
    }
}
