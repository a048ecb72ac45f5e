using System.CommandLine;
using System.CommandLine.Parsing;

namespace DataLocal.Cli;

/// <summary>
/// A refused command line as one line, the way git says it: what is wrong, the nearest real command or
/// option when there is one, and the help to read — `datalocal: 'fs lss' is not a command. Did you mean
/// 'fs ls'? See 'datalocal fs --help'.`
/// </summary>
public static class UsageErrorLine
{
    public static string Describe(ParseResult parse, IReadOnlyList<string> errors)
    {
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);
        var help = $"See 'datalocal {(path.Length == 0 ? string.Empty : path + " ")}--help'.";
        var stray = parse.UnmatchedTokens.Concat(StrayOptions(parse)).FirstOrDefault();
        if (stray is not null && stray.StartsWith('-'))
        {
            var options = OptionsOf(parse.CommandResult).SelectMany(o => o.Aliases.Append(o.Name));
            var where = path.Length == 0 ? "datalocal" : path;
            return $"'{where}' has no option '{stray}'.{Suggest(stray, options, name => name)} {help}";
        }
        if (stray is not null && command.Subcommands.Count > 0)
        {
            var typed = path.Length == 0 ? stray : $"{path} {stray}";
            var names = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Append(c.Name));
            return $"'{typed}' is not a command.{Suggest(stray, names, name => path.Length == 0 ? name : $"{path} {name}")} {help}";
        }
        var first = errors[0];
        return $"{(path.Length == 0 ? string.Empty : path + ": ")}{first} {help}";
    }

    // Options typed where an argument may stand parse as that argument (see CliApp.UsageErrors).
    private static IEnumerable<string> StrayOptions(ParseResult parse) =>
        CliApp.StrayOptionTokens(parse).Select(t => t.Value);

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = r.Parent)
        {
            names.Insert(0, c.Command.Name);
        }
        return string.Join(' ', names);
    }

    private static IEnumerable<Option> OptionsOf(CommandResult result)
    {
        foreach (var option in result.Command.Options)
        {
            yield return option;
        }
        for (var parent = result.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
        {
            foreach (var option in parent.Command.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    private static string Suggest(string typed, IEnumerable<string> candidates, Func<string, string> shown)
    {
        var best = candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(typed.TrimStart('-'), c.TrimStart('-'))))
            .Where(c => c.Distance <= Math.Max(1, c.Name.TrimStart('-').Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $" Did you mean '{shown(best.Name)}'?";
    }

    // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one typo, not two.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
