using System.CommandLine;
using System.CommandLine.Parsing;
using DataLocal.Cli.Commands;

namespace DataLocal.Cli;

/// <summary>The `datalocal` command tree and its exit-code contract: 0 ok, 1 error, 2 usage.</summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(string[] args, CliConsole? console = null)
    {
        console ??= new CliConsole(Console.Out, Console.Error);
        var root = BuildRoot(console);
        var parse = ShortHelp.Parse(root, args);
        var errors = UsageErrors(parse);
        // `fs put --help` asks for help, not for the arguments it lacks.
        if (errors.Count > 0 && !CommandExamples.IsHelp(parse.Action))
        {
            console.Error.WriteLine($"datalocal: {UsageErrorLine.Describe(parse, errors)}");
            return Usage;
        }
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        if (JobInterrupt.Handles(parse))
        {
            // Following a job, Ctrl-C asks before it kills the job (JobInterrupt), instead of ending the command at once.
            invocation.ProcessTerminationTimeout = null;
        }
        return await parse.InvokeAsync(invocation).ConfigureAwait(false);
    }

    /// <summary>What is wrong with a command line, one message per fault; empty when it can run.</summary>
    public static IReadOnlyList<string> UsageErrors(ParseResult parse) =>
        // An unknown option where an argument may stand (`fs ls --bogus`) parses as that argument; call it
        // what it is. A negative number is a value, not an option (`--http-port -1` turns the port off).
        [.. parse.Errors.Select(e => e.Message)
            .Concat(StrayOptionTokens(parse).Select(t => $"Unrecognized option '{t.Value}'."))];

    /// <summary>
    /// Arguments that look like options: before a `--`, a token starting with '-' that is not a number is a
    /// mistyped option; after it, it is what it says (`fs put -- -data.csv /d`).
    /// </summary>
    public static IEnumerable<Token> StrayOptionTokens(ParseResult parse) =>
        parse.Tokens.TakeWhile(t => t.Type != TokenType.DoubleDash)
            .Where(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-' && !IsNumber(t.Value));

    private static bool IsNumber(string token) =>
        double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand("DataLocal: an HDFS-style cluster that runs compute where the Parquet data is.");
        // `fs ls -h` means human-readable sizes, as in `hdfs dfs -ls -h`; help stays on --help and -?,
        // and on -h where no command takes it (ShortHelp).
        // The Windows-style aliases /h and /? are dropped too: they are paths here (`fs ls /h`).
        foreach (var option in root.Options.OfType<System.CommandLine.Help.HelpOption>())
        {
            option.Aliases.Remove("-h");
            option.Aliases.Remove("/h");
            option.Aliases.Remove("/?");
        }
        root.Options.Add(GlobalOptions.NameNode);
        root.Options.Add(GlobalOptions.TokenFile);
        root.Options.Add(GlobalOptions.TlsCa);
        root.Options.Add(GlobalOptions.Json);
        root.Subcommands.Add(RoleCommands.NameNode(console));
        root.Subcommands.Add(RoleCommands.DataNode(console));
        root.Subcommands.Add(FsCommands.Build(console));
        root.Subcommands.Add(JobCommands.Build(console));
        root.Subcommands.Add(AdminCommands.Build(console));
        root.Subcommands.Add(ClusterCommands.Build(console));
        CommandExamples.AddToHelp(root);
        return root;
    }
}
