using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Paths;
using DataLocal.Common.Security;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal fs …`: the file-system commands, shaped after `hdfs dfs`.</summary>
public static class FsCommands
{
    public static Command Build(CliConsole console)
    {
        var fs = new Command("fs", "Work with files in the cluster (like `hdfs dfs`)");
        fs.Subcommands.Add(Put(console));
        fs.Subcommands.Add(Get(console));
        fs.Subcommands.Add(Cat(console));
        fs.Subcommands.Add(Ls(console));
        fs.Subcommands.Add(Mkdir(console));
        fs.Subcommands.Add(Rm(console));
        fs.Subcommands.Add(Mv(console));
        fs.Subcommands.Add(Stat(console));
        fs.Subcommands.Add(FsPermissionCommands.Chmod(console));
        fs.Subcommands.Add(FsPermissionCommands.Chown(console));
        fs.Subcommands.Add(FsPermissionCommands.Chgrp(console));
        fs.Subcommands.Add(FsBlocksCommand.Build(console));
        fs.Subcommands.Add(FsckCommand.Build(console));
        return fs;
    }

    private static Command Put(CliConsole console)
    {
        var paths = new Argument<string[]>("LOCAL... PATH")
        {
            Description = "Local file(s) to store, then where in the cluster (a directory keeps the files' names; several files need one)",
            Arity = new ArgumentArity(2, 100_000),
        };
        var replication = new Option<int>("--replication", "-r") { Description = "Replicas per block (default: the cluster's)" };
        var blockSize = new Option<string?>("--block-size") { Description = "Largest block, e.g. 64MB (default: the cluster's)" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing file" };
        var parquet = new Option<bool>("--parquet") { Description = "Refuse the file unless it is valid Parquet, whatever its name" };
        var command = new Command("put", "Store local files (Parquet files are split at row-group boundaries)") { paths, replication, blockSize, force, parquet };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var r = parse.GetValue(replication);
            if (r < 0)
            {
                throw new UsageException("--replication must be at least 1");
            }
            var size = parse.GetValue(blockSize) is { } text ? ByteSize.Parse(text) : 0;
            var all = parse.GetValue(paths)!;
            var sources = all[..^1];
            using var client = NameNodeResolver.Connect(parse);
            var destination = await client.StatAsync(all[^1], ct).ConfigureAwait(false);
            if (sources.Length > 1 && destination is not { IsDirectory: true })
            {
                throw new DataLocalException($"{DataLocalPath.Normalize(all[^1])}: is not a directory (storing several files needs an existing directory)");
            }
            var results = new List<PutResult>();
            foreach (var localPath in sources)
            {
                var target = destination is { IsDirectory: true } ? DataLocalPath.Combine(destination.Path, Path.GetFileName(localPath)) : all[^1];
                var options = new PutOptions(r, size, parse.GetValue(force), parse.GetValue(parquet));
                var result = !parse.GetValue(GlobalOptions.Json) && console.ErrorIsTerminal && File.Exists(localPath)
                    ? await TransferProgressView.RunAsync(console.Error, localPath, new FileInfo(localPath).Length,
                        progress => client.PutAsync(localPath, target, options with { Progress = progress }, ct)).ConfigureAwait(false)
                    : await client.PutAsync(localPath, target, options, ct).ConfigureAwait(false);
                results.Add(result);
                if (!parse.GetValue(GlobalOptions.Json))
                {
                    var kind = result.IsParquet ? string.Create(CultureInfo.InvariantCulture, $"Parquet, {result.RowCount} rows") : "plain file";
                    console.Out.WriteLine($"Stored {result.Path}: {result.Length} bytes in {result.BlockCount} blocks ({kind})");
                    if (result.UnsupportedFeature is not null)
                    {
                        console.Out.WriteLine($"note: jobs cannot decode this file: {result.UnsupportedFeature}");
                    }
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write<object>(console.Out, results.Count == 1 ? results[0] : results);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Get(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "File in the cluster" };
        var local = new Argument<string>("LOCAL") { Description = "Local file or directory to write" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite an existing local file" };
        var command = new Command("get", "Copy a file from the cluster to the local disk") { path, local, force };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var source = parse.GetValue(path)!;
            var target = parse.GetValue(local)!;
            if (Directory.Exists(target))
            {
                target = Path.Combine(target, DataLocalPath.Name(DataLocalPath.Normalize(source)));
            }
            var json = parse.GetValue(GlobalOptions.Json);
            var length = !json && console.ErrorIsTerminal
                ? await TransferProgressView.RunAsync(console.Error, DataLocalPath.Normalize(source), (await client.StatAsync(source, ct).ConfigureAwait(false))?.Length ?? 0,
                    progress => client.GetAsync(source, target, parse.GetValue(force), progress, ct)).ConfigureAwait(false)
                : await client.GetAsync(source, target, parse.GetValue(force), cancellationToken: ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { path = DataLocalPath.Normalize(source), local = target, length });
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Cat(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "File in the cluster" };
        var command = new Command("cat", "Write a file's bytes to standard output") { path };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var output = console.OpenBinaryOutput();
            await using (output.ConfigureAwait(false))
            {
                await client.ReadToAsync(parse.GetValue(path)!, output, ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Ls(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "Directory or file", DefaultValueFactory = _ => DataLocalPath.Root };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "List subdirectories too" };
        var human = new Option<bool>("-h") { Description = "Human-readable sizes (64 M)" };
        var command = new Command("ls", "List a directory") { path, recursive, human };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var entries = await client.ListAsync(parse.GetValue(path)!, parse.GetValue(recursive), ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, entries);
                return CliApp.Ok;
            }
            if (!parse.GetValue(recursive))
            {
                console.Out.WriteLine($"Found {entries.Count} items");
            }
            foreach (var line in ListingFormatter.Format(entries, parse.GetValue(human)))
            {
                console.Out.WriteLine(line);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Mkdir(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Directories to create", Arity = ArgumentArity.OneOrMore };
        var parents = new Option<bool>("-p") { Description = "Create parent directories; no error if it exists" };
        var command = new Command("mkdir", "Create directories") { paths, parents };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            foreach (var p in parse.GetValue(paths)!)
            {
                await client.MkdirsAsync(p, parse.GetValue(parents), ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Rm(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or directories to delete", Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("-r", "-R") { Description = "Delete directories and their contents" };
        var command = new Command("rm", "Delete files or directories") { paths, recursive };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var deleted = new List<string>();
            foreach (var p in parse.GetValue(paths)!)
            {
                await client.DeleteAsync(p, parse.GetValue(recursive), ct).ConfigureAwait(false);
                deleted.Add(DataLocalPath.Normalize(p));
                if (!parse.GetValue(GlobalOptions.Json))
                {
                    console.Out.WriteLine($"Deleted {DataLocalPath.Normalize(p)}");
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { deleted });
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Mv(CliConsole console)
    {
        var source = new Argument<string>("SOURCE") { Description = "Path to move" };
        var destination = new Argument<string>("DESTINATION") { Description = "New path, or an existing directory to move into" };
        var command = new Command("mv", "Move or rename a file or directory") { source, destination };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            await client.RenameAsync(parse.GetValue(source)!, parse.GetValue(destination)!, ct).ConfigureAwait(false);
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Stat(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "File or directory" };
        var command = new Command("stat", "Describe a file or directory") { path };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var p = parse.GetValue(path)!;
            var entry = await client.StatAsync(p, ct).ConfigureAwait(false)
                ?? throw new DataLocalException($"{DataLocalPath.Normalize(p)}: No such file or directory");
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, entry);
                return CliApp.Ok;
            }
            console.Out.WriteLine($"Path:        {entry.Path}");
            console.Out.WriteLine($"Type:        {(entry.IsDirectory ? "directory" : entry.IsParquet ? "Parquet file" : "file")}");
            console.Out.WriteLine($"Owner:       {entry.Owner}");
            console.Out.WriteLine($"Group:       {entry.Group}");
            console.Out.WriteLine($"Permission:  {entry.PermissionText} ({PermissionBits.Octal(entry.Permission)})");
            if (!entry.IsDirectory)
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Size:        {entry.Length} bytes ({ByteSize.Human(entry.Length)})"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replication: {entry.Replication}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Block size:  {entry.BlockSize} ({ByteSize.Human(entry.BlockSize)})"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Blocks:      {entry.BlockCount}"));
                if (entry.IsParquet)
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rows:        {entry.RowCount}"));
                }
            }
            console.Out.WriteLine($"Modified:    {entry.Modified.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
            return CliApp.Ok;
        }));
        return command;
    }
}
