using System.Globalization;
using System.Text;

namespace DataLocal.Common.Paths;

/// <summary>
/// Validates and normalises namespace paths. Client and namenode both apply it, so a bad path is
/// refused before any bytes move and again where the namespace is changed.
/// A path means exactly what was typed: names are case-sensitive and compared byte for byte, and
/// spaces are ordinary characters ("/d/f " and "/d/f" are two files, as in HDFS and POSIX). The only
/// normalisation is dropping one trailing '/'.
/// </summary>
public static class DataLocalPath
{
    /// <summary>Longest allowed name of one path segment in UTF-8 bytes, as HDFS's default dfs.namenode.fs-limits.max-component-length.</summary>
    public const int MaxSegmentLength = 255;

    /// <summary>Longest allowed whole path in UTF-8 bytes (Linux's PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    // Counting bytes of a string with a lone surrogate would silently count U+FFFD; refuse it instead.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public const string Root = "/";

    /// <summary>Returns the normalised absolute path, or throws <see cref="InvalidPathException"/> saying what is wrong.</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidPathException("path is empty");
        }
        if (Utf8Length(path) is var length && length > MaxPathLength)
        {
            throw new InvalidPathException($"path is {length} bytes long; the limit is {MaxPathLength} bytes (UTF-8)");
        }
        if (path[0] != '/')
        {
            throw new InvalidPathException($"'{Shown(path)}' is not absolute: paths start with '/'");
        }
        if (path == Root)
        {
            return Root;
        }
        // A single trailing slash is harmless ("/data/"); anything else empty is a typo worth reporting.
        var trimmed = path.Length > 1 && path[^1] == '/' ? path[..^1] : path;
        var segments = trimmed[1..].Split('/');
        foreach (var segment in segments)
        {
            ValidateSegment(path, segment);
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>The parent of a normalised path; the root's parent is the root.</summary>
    public static string Parent(string normalizedPath)
    {
        var slash = normalizedPath.LastIndexOf('/');
        return slash <= 0 ? Root : normalizedPath[..slash];
    }

    /// <summary>The last segment of a normalised path; empty for the root.</summary>
    public static string Name(string normalizedPath) =>
        normalizedPath == Root ? string.Empty : normalizedPath[(normalizedPath.LastIndexOf('/') + 1)..];

    public static string Combine(string normalizedDirectory, string name) =>
        normalizedDirectory == Root ? Root + name : normalizedDirectory + "/" + name;

    /// <summary>True when <paramref name="path"/> is <paramref name="ancestor"/> or lies beneath it.</summary>
    public static bool IsSameOrDescendant(string path, string ancestor) =>
        ancestor == Root || path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    /// <summary>
    /// A path as an error message may show it: control characters (a newline could forge a second
    /// log line) as \uXXXX, lone surrogates likewise, and at most 200 characters.
    /// </summary>
    public static string Shown(string path)
    {
        var text = path.Length > 200 ? path[..200] : path;
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }
        return path.Length > 200 ? builder.Append('…').ToString() : builder.ToString();
    }

    private static int Utf8Length(string text)
    {
        try
        {
            return StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            throw new InvalidPathException("path is not valid Unicode (it holds a lone surrogate)");
        }
    }

    private static void ValidateSegment(string path, string segment)
    {
        if (segment.Length == 0)
        {
            throw new InvalidPathException($"'{Shown(path)}' has an empty segment ('//')");
        }
        if (segment is "." or "..")
        {
            throw new InvalidPathException($"'{Shown(path)}' contains '{segment}': relative segments are not allowed");
        }
        if (Utf8Length(segment) is var length && length > MaxSegmentLength)
        {
            throw new InvalidPathException($"a name in the path is {length} bytes long; the limit is {MaxSegmentLength} bytes (UTF-8)");
        }
        foreach (var c in segment)
        {
            if (c == '\0' || char.IsControl(c) || c == ':')
            {
                throw new InvalidPathException($"path contains a forbidden character (U+{(int)c:X4})");
            }
        }
    }
}
