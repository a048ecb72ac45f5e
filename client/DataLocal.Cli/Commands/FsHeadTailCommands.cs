using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal fs head|tail PATH`: a file's first or last kilobyte, as `hdfs dfs -head`/`-tail` print it.</summary>
public static class FsHeadTailCommands
{
    /// <summary>Hadoop's fixed window: 1 KB, whatever the file.</summary>
    public const int Window = 1024;

    public static Command Head(CliConsole console) => Build(console, "head", "Write a file's first kilobyte to standard output", (length) => 0);

    public static Command Tail(CliConsole console) => Build(console, "tail", "Write a file's last kilobyte to standard output", (length) => Math.Max(0, length - Window));

    private static Command Build(CliConsole console, string name, string description, Func<long, long> start)
    {
        var path = new Argument<string>("PATH") { Description = "File (or glob) in the cluster" };
        var command = new Command(name, description) { path };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var files = await PathGlob.ExpandAsync(client, parse.GetValue(path)!, name, ct).ConfigureAwait(false);
            var output = console.OpenBinaryOutput();
            await using (output.ConfigureAwait(false))
            {
                foreach (var file in files)
                {
                    var entry = await client.StatAsync(file, ct).ConfigureAwait(false)
                        ?? throw new DataLocalException($"{name}: `{file}': No such file or directory");
                    if (entry.IsDirectory)
                    {
                        throw new DataLocalException($"{name}: `{file}': Is a directory");
                    }
                    await client.ReadRangeToAsync(file, start(entry.Length), Window, output, ct).ConfigureAwait(false);
                }
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
