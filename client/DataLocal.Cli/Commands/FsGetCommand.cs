using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs get PATH... LOCAL`, as `hdfs dfs -get`: files and whole directories, paths may be
/// globs; several sources need an existing local directory to go into.
/// </summary>
public static class FsGetCommand
{
    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH... LOCAL")
        {
            Description = "Files, directories or globs in the cluster, then the local file or directory to write",
            Arity = new ArgumentArity(2, 100_000),
        };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite existing local files" };
        var command = new Command("get", "Copy files or directories from the cluster to the local disk") { paths, force };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var all = parse.GetValue(paths)!;
            var local = all[^1];
            using var client = NameNodeResolver.Connect(parse);
            var sources = await PathGlob.ExpandAllAsync(client, all[..^1], "get", ct).ConfigureAwait(false);
            if (sources.Count > 1 && !Directory.Exists(local))
            {
                throw new DataLocalException($"{local}: is not a local directory (getting several sources needs an existing one)");
            }
            var copier = new Getter(client, console, parse.GetValue(force), parse.GetValue(GlobalOptions.Json), ct);
            foreach (var source in sources)
            {
                var entry = await client.StatAsync(source, ct).ConfigureAwait(false)
                    ?? throw new DataLocalException($"get: `{source}': No such file or directory");
                var target = Directory.Exists(local) ? Path.Combine(local, DataLocalPath.Name(source)) : local;
                if (entry.IsDirectory)
                {
                    await copier.DirectoryAsync(source, target).ConfigureAwait(false);
                }
                else
                {
                    await copier.FileAsync(source, target, entry.Length).ConfigureAwait(false);
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write<object>(console.Out, copier.Copied.Count == 1 ? copier.Copied[0] : copier.Copied);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private sealed record Copied(string Path, string Local, long Length);

    private sealed class Getter(DataLocalClient client, CliConsole console, bool overwrite, bool json, CancellationToken ct)
    {
        public List<Copied> Copied { get; } = [];

        public async Task FileAsync(string path, string local, long length)
        {
            var written = !json && console.ErrorIsTerminal
                ? await TransferProgressView.RunAsync(console.Error, path, length,
                    progress => client.GetAsync(path, local, overwrite, progress, ct)).ConfigureAwait(false)
                : await client.GetAsync(path, local, overwrite, cancellationToken: ct).ConfigureAwait(false);
            Copied.Add(new Copied(path, local, written));
        }

        // The tree is recreated as it is, empty directories included.
        public async Task DirectoryAsync(string path, string local)
        {
            Directory.CreateDirectory(local);
            foreach (var entry in await client.ListAsync(path, cancellationToken: ct).ConfigureAwait(false))
            {
                var target = Path.Combine(local, DataLocalPath.Name(entry.Path));
                if (entry.IsDirectory)
                {
                    await DirectoryAsync(entry.Path, target).ConfigureAwait(false);
                }
                else
                {
                    await FileAsync(entry.Path, target, entry.Length).ConfigureAwait(false);
                }
            }
        }
    }
}
