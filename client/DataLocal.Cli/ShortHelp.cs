using System.CommandLine;
using System.CommandLine.Parsing;

namespace DataLocal.Cli;

/// <summary>
/// `-h` is help wherever it is not an option: `datalocal -h`, `datalocal fs put -h`. Where a command
/// has its own `-h` (human-readable sizes in `fs ls`, `du`, `df`, `count`, as in `hdfs dfs`), it is that.
/// </summary>
public static class ShortHelp
{
    public const string Alias = "-h";

    /// <summary>The command line to run: <paramref name="args"/> with a stray `-h` read as `--help`.</summary>
    public static ParseResult Parse(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var stray = parse.UnmatchedTokens.Contains(Alias) || CliApp.StrayOptionTokens(parse).Any(t => t.Value == Alias);
        if (!stray || parse.CommandResult.Command.Options.Any(o => o.Name == Alias || o.Aliases.Contains(Alias)))
        {
            return parse;
        }
        var doubleDash = Array.IndexOf(args, "--");
        return root.Parse([.. args.Select((a, i) => a == Alias && (doubleDash < 0 || i < doubleDash) ? "--help" : a)]);
    }
}
