using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Globbing;
using DataLocal.Cli.Output;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs count [-q] [-h] [-v] PATH...`, in `hdfs dfs -count`'s fixed columns:
/// DIR_COUNT FILE_COUNT CONTENT_SIZE PATHNAME, with -q the quota columns first (DataLocal has no
/// quotas, so always none/inf, as Hadoop prints a path without one).
/// </summary>
public static class FsCountCommand
{
    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files, directories or globs", Arity = ArgumentArity.OneOrMore };
        var quotas = new Option<bool>("-q") { Description = "Show the quota columns too (QUOTA REM_QUOTA SPACE_QUOTA REM_SPACE_QUOTA)" };
        var human = new Option<bool>("-h") { Description = "Human-readable numbers (1.3 K)" };
        var header = new Option<bool>("-v") { Description = "Print a header line" };
        var command = new Command("count", "Count the directories, files and bytes under paths") { paths, quotas, human, header };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var results = new List<(string Path, ContentSummary Summary)>();
            foreach (var path in await PathGlob.ExpandAllAsync(client, parse.GetValue(paths)!, "count", ct).ConfigureAwait(false))
            {
                results.Add((path, await ContentSummary.OfAsync(client, path, ct).ConfigureAwait(false)));
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, results.Select(r => new
                {
                    path = r.Path, directoryCount = r.Summary.Directories, fileCount = r.Summary.Files, length = r.Summary.Length, spaceConsumed = r.Summary.SpaceConsumed,
                }));
                return CliApp.Ok;
            }
            var q = parse.GetValue(quotas);
            if (parse.GetValue(header))
            {
                console.Out.WriteLine(Line(q, ["QUOTA", "REM_QUOTA", "SPACE_QUOTA", "REM_SPACE_QUOTA"], ["DIR_COUNT", "FILE_COUNT", "CONTENT_SIZE"], "PATHNAME"));
            }
            var number = (long n) => parse.GetValue(human) ? ByteSize.Human(n) : n.ToString(CultureInfo.InvariantCulture);
            foreach (var (path, summary) in results)
            {
                console.Out.WriteLine(Line(q, ["none", "inf", "none", "inf"], [number(summary.Directories), number(summary.Files), number(summary.Length)], path));
            }
            return CliApp.Ok;
        }));
        return command;
    }

    // Hadoop's ContentSummary formats: "%12s %15s %15s %15s " for quotas, "%12s %12s %18s " for the counts.
    private static string Line(bool withQuotas, string[] quota, string[] counts, string path) =>
        (withQuotas ? $"{quota[0],12} {quota[1],15} {quota[2],15} {quota[3],15} " : string.Empty)
        + $"{counts[0],12} {counts[1],12} {counts[2],18} {path}";
}
