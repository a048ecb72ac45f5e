using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs cp [-f] SRC... DST`, as `hdfs dfs -cp`: files and whole directories; several sources
/// need an existing directory. Each file passes through a local staging file and is stored as a new put
/// (the cluster's replication and block size, Parquet split at row groups again), as Hadoop's cp
/// creates its copies with the defaults.
/// </summary>
public static class FsCpCommand
{
    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("SRC... DST")
        {
            Description = "Files, directories or globs to copy, then the new path, or an existing directory to copy into",
            Arity = new ArgumentArity(2, 100_000),
        };
        var force = new Option<bool>("-f") { Description = "Overwrite existing files" };
        var command = new Command("cp", "Copy files or directories within the cluster") { paths, force };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var all = parse.GetValue(paths)!;
            using var client = NameNodeResolver.Connect(parse);
            var sources = await PathGlob.ExpandAllAsync(client, all[..^1], "cp", ct).ConfigureAwait(false);
            var destination = await ClusterDestination.ResolveAsync(client, all[^1], "cp", ct).ConfigureAwait(false);
            if (sources.Count > 1 && !destination.IsDirectory)
            {
                throw new DataLocalException($"cp: `{destination.Path}': is not a directory (copying several sources needs an existing directory)");
            }
            var staging = Directory.CreateTempSubdirectory("datalocal-cp-");
            try
            {
                var copier = new Copier(client, staging.FullName, new PutOptions(Overwrite: parse.GetValue(force)), ct);
                foreach (var source in sources)
                {
                    var target = destination.For(DataLocalPath.Name(source));
                    if (DataLocalPath.IsSameOrDescendant(target, source))
                    {
                        throw new DataLocalException($"cp: `{target}': cannot copy {source} into itself");
                    }
                    await copier.CopyAsync(source, target).ConfigureAwait(false);
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

    private sealed class Copier(DataLocalClient client, string staging, PutOptions options, CancellationToken ct)
    {
        public async Task CopyAsync(string source, string target)
        {
            var entry = await client.StatAsync(source, ct).ConfigureAwait(false)
                ?? throw new DataLocalException($"cp: `{source}': No such file or directory");
            if (entry.IsDirectory)
            {
                await client.MkdirsAsync(target, parents: true, ct).ConfigureAwait(false);
                foreach (var child in await client.ListAsync(source, cancellationToken: ct).ConfigureAwait(false))
                {
                    await CopyAsync(child.Path, DataLocalPath.Combine(target, DataLocalPath.Name(child.Path))).ConfigureAwait(false);
                }
                return;
            }
            // Staged under the source's own name, so a Parquet file is recognised and split as one.
            var local = Path.Combine(staging, DataLocalPath.Name(source));
            try
            {
                await client.GetAsync(source, local, overwrite: true, cancellationToken: ct).ConfigureAwait(false);
                await client.PutAsync(local, target, options, ct).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(local);
            }
        }
    }
}
