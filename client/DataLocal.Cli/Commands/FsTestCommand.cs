using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs test -e|-d|-f|-s|-z PATH`, as `hdfs dfs -test`: prints nothing, answers in the exit
/// code (0 true, 1 false); a glob is true when something matches and every match passes.
/// </summary>
public static class FsTestCommand
{
    public static Command Build(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "Path or glob to test" };
        var exists = new Option<bool>("-e") { Description = "The path exists" };
        var directory = new Option<bool>("-d") { Description = "It is a directory" };
        var file = new Option<bool>("-f") { Description = "It is a file" };
        var nonEmpty = new Option<bool>("-s") { Description = "Its length is more than 0 (never a directory)" };
        var empty = new Option<bool>("-z") { Description = "Its length is 0 (an empty file, or a directory, as hdfs has it)" };
        var command = new Command("test", "Test a path; the answer is the exit code (0 true, 1 false)") { path, exists, directory, file, nonEmpty, empty };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var chosen = new[] { exists, directory, file, nonEmpty, empty }.Where(o => parse.GetValue(o)).ToList();
            if (chosen.Count != 1)
            {
                throw new UsageException("test takes exactly one of -e, -d, -f, -s, -z (e.g. `datalocal fs test -d /data`)");
            }
            using var client = NameNodeResolver.Connect(parse);
            IReadOnlyList<string> paths;
            try
            {
                paths = await PathGlob.ExpandAsync(client, parse.GetValue(path)!, "test", ct).ConfigureAwait(false);
            }
            catch (NoMatchException)
            {
                return CliApp.Error;
            }
            foreach (var p in paths)
            {
                var entry = await client.StatAsync(p, ct).ConfigureAwait(false);
                var holds = chosen[0] switch
                {
                    _ when entry is null => false,
                    var o when o == directory => entry.IsDirectory,
                    var o when o == file => !entry.IsDirectory,
                    var o when o == nonEmpty => entry.Length > 0,
                    var o when o == empty => entry.Length == 0,
                    _ => true,
                };
                if (!holds)
                {
                    return CliApp.Error;
                }
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
