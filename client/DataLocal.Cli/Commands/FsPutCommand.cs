using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs put LOCAL... PATH`, as `hdfs dfs -put`: files, directories (the whole tree, empty
/// directories too) or `-` for standard input; several sources need an existing directory to go into.
/// </summary>
public static class FsPutCommand
{
    public const string StandardInput = "-";

    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("LOCAL... PATH")
        {
            Description = "Local files, directories or - (standard input), then where in the cluster (an existing directory keeps their names; several sources need one)",
            Arity = new ArgumentArity(2, 100_000),
        };
        var replication = new Option<int>("--replication", "-r") { Description = "Replicas per block (default: the cluster's)" };
        var blockSize = new Option<string?>("--block-size") { Description = "Largest block, e.g. 64MB (default: the cluster's)" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing file" };
        var parquet = new Option<bool>("--parquet") { Description = "Refuse the file unless it is valid Parquet, whatever its name" };
        var command = new Command("put", "Store local files, directories or standard input (Parquet files are split at row-group boundaries)")
        {
            paths, replication, blockSize, force, parquet,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var r = parse.GetValue(replication);
            if (r < 0)
            {
                throw new UsageException("--replication must be at least 1");
            }
            var options = new PutOptions(r, parse.GetValue(blockSize) is { } text ? ByteSize.Parse(text) : 0, parse.GetValue(force), parse.GetValue(parquet));
            var all = parse.GetValue(paths)!;
            var sources = all[..^1];
            if (sources.Contains(StandardInput) && sources.Length > 1)
            {
                throw new UsageException("- (standard input) must be the only source");
            }
            using var client = NameNodeResolver.Connect(parse);
            var put = new Putter(client, console, options, parse.GetValue(GlobalOptions.Json), ct);
            var destination = await ClusterDestination.ResolveAsync(client, all[^1], "put", ct).ConfigureAwait(false);
            if (sources.Length > 1 && !destination.IsDirectory)
            {
                throw new DataLocalException($"{destination.Path}: is not a directory (storing several sources needs an existing directory)");
            }
            foreach (var source in sources)
            {
                var into = destination.For(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(source))));
                if (source == StandardInput)
                {
                    if (destination.IsDirectory)
                    {
                        throw new UsageException($"{destination.Path}: is a directory; - (standard input) needs a file path to store into");
                    }
                    await put.StandardInputAsync(into).ConfigureAwait(false);
                }
                else if (Directory.Exists(source))
                {
                    await put.DirectoryAsync(source, into).ConfigureAwait(false);
                }
                else
                {
                    await put.FileAsync(source, into).ConfigureAwait(false);
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write<object>(console.Out, put.Results.Count == 1 ? put.Results[0] : put.Results);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private sealed class Putter(DataLocalClient client, CliConsole console, PutOptions options, bool json, CancellationToken ct)
    {
        public List<PutResult> Results { get; } = [];

        public async Task FileAsync(string localPath, string target)
        {
            var result = !json && console.ErrorIsTerminal && File.Exists(localPath)
                ? await TransferProgressView.RunAsync(console.Error, localPath, new FileInfo(localPath).Length,
                    progress => client.PutAsync(localPath, target, options with { Progress = progress }, ct)).ConfigureAwait(false)
                : await client.PutAsync(localPath, target, options, ct).ConfigureAwait(false);
            Results.Add(result);
            if (!json)
            {
                var kind = result.IsParquet ? string.Create(CultureInfo.InvariantCulture, $"Parquet, {result.RowCount} rows") : "plain file";
                console.Out.WriteLine($"Stored {result.Path}: {result.Length} bytes in {result.BlockCount} blocks ({kind})");
                if (result.UnsupportedFeature is not null)
                {
                    console.Out.WriteLine($"note: jobs cannot decode this file: {result.UnsupportedFeature}");
                }
            }
        }

        // The tree is recreated as it is, empty directories included, files in name order.
        public async Task DirectoryAsync(string localDirectory, string target)
        {
            await client.MkdirsAsync(target, parents: true, ct).ConfigureAwait(false);
            foreach (var directory in Directory.EnumerateDirectories(localDirectory).Order(StringComparer.Ordinal))
            {
                await DirectoryAsync(directory, DataLocalPath.Combine(target, Path.GetFileName(directory))).ConfigureAwait(false);
            }
            foreach (var file in Directory.EnumerateFiles(localDirectory).Order(StringComparer.Ordinal))
            {
                await FileAsync(file, DataLocalPath.Combine(target, Path.GetFileName(file))).ConfigureAwait(false);
            }
        }

        // Standard input is staged in a local file named as the target: Parquet needs its footer (at the
        // end) before the first block can be cut, and the name says whether to treat it as Parquet.
        public async Task StandardInputAsync(string target)
        {
            var staging = Directory.CreateTempSubdirectory("datalocal-put-");
            try
            {
                var staged = Path.Combine(staging.FullName, DataLocalPath.Name(target));
                var file = File.Create(staged);
                await using (file.ConfigureAwait(false))
                {
                    var input = console.OpenStandardInput();
                    await using (input.ConfigureAwait(false))
                    {
                        await input.CopyToAsync(file, ct).ConfigureAwait(false);
                    }
                }
                await FileAsync(staged, target).ConfigureAwait(false);
            }
            finally
            {
                staging.Delete(recursive: true);
            }
        }
    }
}
