using System.Globalization;

namespace DataLocal.DataNode.WebHdfs;

/// <summary>
/// One "Range: bytes=…" request (RFC 9110 §14) against a body of a known length: "bytes=FROM-TO",
/// "bytes=FROM-" or the last N bytes, "bytes=-N". Anything else (other units, several ranges, garbage)
/// is ignored, which the RFC allows: the whole body is sent with 200.
/// </summary>
public readonly record struct ByteRange(long From, long Count, bool Satisfiable)
{
    public static ByteRange? Parse(string header, long length)
    {
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }
        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return null;
        }
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // The last N bytes; of an empty body there are none to send.
            return TryNumber(last) is not { } suffix ? null
                : suffix == 0 || length == 0 ? new ByteRange(0, 0, false)
                : new ByteRange(Math.Max(0, length - suffix), Math.Min(suffix, length), true);
        }
        if (TryNumber(first) is not { } from)
        {
            return null;
        }
        long? to = last.Length == 0 ? null : TryNumber(last);
        if (last.Length > 0 && to is null || to < from)
        {
            return null;
        }
        return from >= length
            ? new ByteRange(0, 0, false)
            : new ByteRange(from, Math.Min(to ?? long.MaxValue, length - 1) - from + 1, true);
    }

    private static long? TryNumber(string text) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
