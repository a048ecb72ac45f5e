using System.Text;
using System.Text.RegularExpressions;
using DataLocal.Cli.Commands;

namespace DataLocal.Cli.Globbing;

/// <summary>
/// Hadoop's glob syntax (org.apache.hadoop.fs.GlobPattern), so `hdfs dfs` habits carry over: `*` any
/// characters within one name, `?` one character, `[abc]`, `[a-z]`, `[^a]`/`[!a]` a character class,
/// `{a,b}` alternatives (which may span names: `/{logs/2024,archive}/*`), `\` escapes the next character.
/// </summary>
public static class GlobPattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>True when <paramref name="pattern"/> holds an unescaped wildcard, i.e. it names what exists rather than one path.</summary>
    public static bool HasWildcard(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '*' or '?' or '[' or '{':
                    return true;
            }
        }
        return false;
    }

    /// <summary>The pattern with each `{…,…}` group replaced by its alternatives, in order: `/a/{b,c}` is `/a/b`, `/a/c`.</summary>
    public static IReadOnlyList<string> ExpandBraces(string pattern)
    {
        var open = FindOpeningBrace(pattern);
        if (open < 0)
        {
            return [pattern];
        }
        var (close, commas) = FindClosingBrace(pattern, open);
        var head = pattern[..open];
        var tail = pattern[(close + 1)..];
        var results = new List<string>();
        var start = open + 1;
        foreach (var end in commas.Append(close))
        {
            results.AddRange(ExpandBraces(head + pattern[start..end] + tail));
            start = end + 1;
        }
        return results;
    }

    /// <summary>A matcher for one path name (no `/`, braces already expanded) with `*`, `?` and `[…]`.</summary>
    public static Regex CompileName(string name)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            switch (c)
            {
                case '\\' when i + 1 < name.Length:
                    regex.Append(Regex.Escape(name[++i].ToString()));
                    break;
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    i = AppendClass(name, i, regex);
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, MatchTimeout);
    }

    /// <summary>A name without wildcards, its escapes removed: `a\*b` names the file `a*b`.</summary>
    public static string Unescape(string name)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 1 < name.Length)
            {
                i++;
            }
            builder.Append(name[i]);
        }
        return builder.ToString();
    }

    // Returns the index of the class's closing ']'.
    private static int AppendClass(string name, int open, StringBuilder regex)
    {
        var i = open + 1;
        regex.Append('[');
        if (i < name.Length && name[i] is '!' or '^')
        {
            regex.Append('^');
            i++;
        }
        var members = 0;
        for (; i < name.Length; i++)
        {
            var c = name[i];
            if (c == ']' && members > 0)
            {
                regex.Append(']');
                return i;
            }
            if (c == '\\' && i + 1 < name.Length)
            {
                c = name[++i];
            }
            else if (c == '-' && members > 0 && i + 1 < name.Length && name[i + 1] != ']')
            {
                regex.Append('-');
                continue;
            }
            // Inside a .NET class only \ ] [ ^ - are special (a letter escaped would be \b, \d, …).
            regex.Append(c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());
            members++;
        }
        throw new UsageException($"'{name}': unclosed character class '[' (write \\[ for the character itself)");
    }

    private static int FindOpeningBrace(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    inClass = true;
                    break;
                case ']':
                    inClass = false;
                    break;
                case '{' when !inClass:
                    return i;
            }
        }
        return -1;
    }

    private static (int Close, List<int> Commas) FindClosingBrace(string pattern, int open)
    {
        var depth = 0;
        var commas = new List<int>();
        for (var i = open + 1; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '{':
                    depth++;
                    break;
                case ',' when depth == 0:
                    commas.Add(i);
                    break;
                case '}' when depth == 0:
                    return (i, commas);
                case '}':
                    depth--;
                    break;
            }
        }
        throw new UsageException($"'{pattern}': unclosed group '{{' (write \\{{ for the character itself)");
    }
}
