using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs touchz PATH...`, as `hdfs dfs -touchz`: creates empty files; an existing empty file is
/// left as it is, a non-empty one or a directory is an error.
/// </summary>
public static class FsTouchzCommand
{
    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files to create (parents are created too)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("touchz", "Create empty files") { paths };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var staging = Directory.CreateTempSubdirectory("datalocal-touchz-");
            try
            {
                var empty = Path.Combine(staging.FullName, "empty");
                await File.WriteAllBytesAsync(empty, [], ct).ConfigureAwait(false);
                foreach (var typed in parse.GetValue(paths)!)
                {
                    var path = DataLocalPath.Normalize(GlobPattern.Unescape(typed));
                    switch (await client.StatAsync(path, ct).ConfigureAwait(false))
                    {
                        case { IsDirectory: true }:
                            throw new DataLocalException($"touchz: `{path}': Is a directory");
                        case { Length: > 0 }:
                            throw new DataLocalException($"touchz: `{path}': Not a zero-length file");
                        case null:
                            await client.PutAsync(empty, path, new PutOptions(), ct).ConfigureAwait(false);
                            break;
                    }
                }
            }
            finally
            {
                staging.Delete(recursive: true);
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
