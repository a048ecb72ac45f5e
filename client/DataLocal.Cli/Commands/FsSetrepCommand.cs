using System.CommandLine;
using System.Diagnostics;
using DataLocal.Cli.Globbing;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs setrep [-w] N PATH...`, as `hdfs dfs -setrep`: a directory means every file beneath it;
/// with -w, waits until every block has exactly N live replicas (the namenode copies or trims them in
/// the background), up to --timeout.
/// </summary>
public static class FsSetrepCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Build(CliConsole console)
    {
        var replication = new Argument<int>("N") { Description = "Replicas per block" };
        var paths = new Argument<string[]>("PATH") { Description = "Files, directories (every file beneath) or globs", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("-w") { Description = "Wait until every block has N replicas" };
        var recursive = new Option<bool>("-R") { Description = "Accepted for hdfs compatibility: directories are always done whole" };
        var timeout = new Option<string>("--timeout") { Description = "How long -w waits before giving up (the namenode carries on)", DefaultValueFactory = _ => "10m" };
        var command = new Command("setrep", "Change files' replication") { replication, paths, wait, recursive, timeout };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var n = parse.GetValue(replication);
            if (n < 1)
            {
                throw new UsageException($"replication must be at least 1, not {n}");
            }
            var limit = DurationText.Parse(parse.GetValue(timeout)!);
            using var client = NameNodeResolver.Connect(parse);
            var files = new List<string>();
            foreach (var path in await PathGlob.ExpandAllAsync(client, parse.GetValue(paths)!, "setrep", ct).ConfigureAwait(false))
            {
                foreach (var file in await ClusterFiles.UnderAsync(client, path, recursive: true, "setrep", ct).ConfigureAwait(false))
                {
                    await client.SetReplicationAsync(file.Path, n, ct).ConfigureAwait(false);
                    console.Out.WriteLine($"Replication {n} set: {file.Path}");
                    files.Add(file.Path);
                }
            }
            if (parse.GetValue(wait))
            {
                var clock = Stopwatch.StartNew();
                foreach (var file in files)
                {
                    console.Out.Write($"Waiting for {file} ...");
                    await WaitAsync(client, file, n, limit - clock.Elapsed, ct).ConfigureAwait(false);
                    console.Out.WriteLine(" done");
                }
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static async Task WaitAsync(DataLocalClient client, string file, int replication, TimeSpan remaining, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var blocks = await client.GetBlocksAsync(file, ct).ConfigureAwait(false);
            var off = blocks.Where(b => b.Replicas.Count != replication).ToList();
            if (off.Count == 0)
            {
                return;
            }
            if (deadline.Elapsed >= remaining)
            {
                var live = (await client.GetClusterReportAsync(ct).ConfigureAwait(false)).LiveCount;
                throw new DataLocalException(
                    $"setrep: {file}: {off.Count} of {blocks.Count} blocks do not have {replication} replicas yet (block {off[0].BlockId} has {off[0].Replicas.Count}; "
                    + $"{live} live datanodes); the namenode keeps working on it — check with `datalocal fs fsck {file}`");
            }
            await Task.Delay(PollInterval, ct).ConfigureAwait(false);
        }
    }
}
