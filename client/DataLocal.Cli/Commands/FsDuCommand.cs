using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Globbing;
using DataLocal.Cli.Output;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs du [-s] [-h] [-v] PATH...`, as `hdfs dfs -du`: `size  disk_space_consumed_with_all_replicas  path`
/// for each file, and for each entry of a directory (a subdirectory's total), or one total per path with -s.
/// </summary>
public static class FsDuCommand
{
    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files, directories or globs (default /)", Arity = ArgumentArity.ZeroOrMore };
        var summary = new Option<bool>("-s") { Description = "One total per path instead of one line per entry" };
        var human = new Option<bool>("-h") { Description = "Human-readable sizes (64 M)" };
        var header = new Option<bool>("-v") { Description = "Print a header line" };
        var command = new Command("du", "Show how much space files and directories use") { paths, summary, human, header };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var typed = parse.GetValue(paths) is { Length: > 0 } given ? given : ["/"];
            var rows = new List<(string Path, ContentSummary Usage)>();
            foreach (var path in await PathGlob.ExpandAllAsync(client, typed, "du", ct).ConfigureAwait(false))
            {
                var entry = await client.StatAsync(path, ct).ConfigureAwait(false)
                    ?? throw new DataLocalException($"du: `{path}': No such file or directory");
                if (parse.GetValue(summary) || !entry.IsDirectory)
                {
                    rows.Add((path, await ContentSummary.OfAsync(client, entry, ct).ConfigureAwait(false)));
                    continue;
                }
                foreach (var child in await client.ListAsync(path, cancellationToken: ct).ConfigureAwait(false))
                {
                    rows.Add((child.Path, await ContentSummary.OfAsync(client, child, ct).ConfigureAwait(false)));
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, rows.Select(r => new { path = r.Path, length = r.Usage.Length, spaceConsumed = r.Usage.SpaceConsumed }));
                return CliApp.Ok;
            }
            var size = (long n) => parse.GetValue(human) ? ByteSize.Human(n) : n.ToString(CultureInfo.InvariantCulture);
            var lines = rows.Select(r => new[] { size(r.Usage.Length), size(r.Usage.SpaceConsumed), r.Path }).ToList();
            if (parse.GetValue(header))
            {
                lines.Insert(0, ["SIZE", "DISK_SPACE_CONSUMED_WITH_ALL_REPLICAS", "FULL_PATH_NAME"]);
            }
            HadoopTable.Write(console.Out, lines, rightAligned: []);
            return CliApp.Ok;
        }));
        return command;
    }
}
