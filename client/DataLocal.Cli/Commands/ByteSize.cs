using System.Globalization;

namespace DataLocal.Cli.Commands;

/// <summary>Parses and prints sizes the way Hadoop users write them: 64MB, 128m, 1g, 4096 (binary multiples).</summary>
public static class ByteSize
{
    public static long Parse(string text)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }
        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new UsageException($"'{text}' is not a size (examples: 64MB, 128m, 4096)");
        }
        var multiplier = trimmed[split..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            _ => throw new UsageException($"'{text}' has an unknown unit (use B, KB, MB or GB)"),
        };
        var bytes = (long)(number * multiplier);
        return bytes > 0 ? bytes : throw new UsageException($"'{text}' must be more than 0 bytes");
    }

    /// <summary>Human-readable, as `hdfs dfs -ls -h`: 1.5 M, 64 M, 812.</summary>
    public static string Human(long bytes)
    {
        string[] units = ["", " K", " M", " G", " T"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes.ToString(CultureInfo.InvariantCulture) : value.ToString("0.#", CultureInfo.InvariantCulture) + units[unit];
    }
}
