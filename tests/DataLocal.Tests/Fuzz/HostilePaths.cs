namespace DataLocal.Tests.Fuzz;

/// <summary>
/// At least 200 paths meant to escape or confuse: traversal, NUL and control characters, over-long
/// names and paths, Windows separators and drive letters, look-alike slashes and dots, bidi and
/// zero-width characters, mixed Unicode normalisation, lone surrogates, percent escapes, option-like
/// names, each alone and under the attacker's own directory and under someone else's.
/// </summary>
public static class HostilePaths
{
    private static readonly string[] Fragments =
    [
        "..", "../..", "../../etc/passwd", "./x", ".", "...", "a/../../b", "a/./b", "a//b", "//", "///",
        "x\0y", "\0", "x\ny", "\r\n", "x\ty", "\u001b[31m", "\u007f", "\u0085", "a:b", "C:\\Windows", "..\\..\\x", "\\\\server\\share",
        "\uFF0E\uFF0E", "\uFF0E\uFF0E/\uFF0E\uFF0E", "\u2215etc\u2215passwd", "\uFF0Fetc", "\u2024\u2024", "\u202Eexe.txt", "x\u200By", "\u200D",
        "e\u0301", "\u00E9", "\uD800", "x\uDC00", "%2e%2e", "%2e%2e%2fetc", "%00", "~", "~root", "-rf", "--help", "-h", "h", "?", "*", "[a-z]",
        "$(id)", "`id`", "'; DROP", "<img src=x>", "\"quoted\"", " ", "  lead", "trail ", "trail.", "CON", "NUL.txt", "a|b", "a>b",
        new string('n', 256), new string('n', 255), new string('\u00E9', 128), string.Join('/', Enumerable.Repeat("d", 2100)),
        new string('/', 300), "\U0001F600", "\uFEFFbom", "blk_1", "blk_1_2.meta", "current/blk_1",
    ];

    public static IReadOnlyList<string> All()
    {
        var paths = new List<string>();
        foreach (var fragment in Fragments)
        {
            paths.Add(fragment);
            paths.Add("/" + fragment);
            paths.Add("/mallory/" + fragment);
            paths.Add("/victim/" + fragment);
        }
        return [.. paths.Distinct(StringComparer.Ordinal)];
    }
}
