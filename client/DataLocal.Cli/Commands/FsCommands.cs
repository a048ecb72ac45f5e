using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Globbing;
using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Client.Model;
using DataLocal.Common.Paths;
using DataLocal.Common.Security;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal fs …`: the file-system commands, shaped after `hdfs dfs`.</summary>
public static class FsCommands
{
    public static Command Build(CliConsole console)
    {
        var fs = new Command("fs", "Work with files in the cluster (like `hdfs dfs`)");
        fs.Subcommands.Add(FsPutCommand.Build(console));
        fs.Subcommands.Add(FsGetCommand.Build(console));
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
        fs.Subcommands.Add(FsDuCommand.Build(console));
        fs.Subcommands.Add(FsDfCommand.Build(console));
        fs.Subcommands.Add(FsCountCommand.Build(console));
        fs.Subcommands.Add(FsHeadTailCommands.Head(console));
        fs.Subcommands.Add(FsHeadTailCommands.Tail(console));
        fs.Subcommands.Add(FsSetrepCommand.Build(console));
        fs.Subcommands.Add(FsCpCommand.Build(console));
        fs.Subcommands.Add(FsTouchzCommand.Build(console));
        fs.Subcommands.Add(FsGetmergeCommand.Build(console));
        fs.Subcommands.Add(FsTestCommand.Build(console));
        return fs;
    }

    private static Command Cat(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or globs in the cluster, written one after another", Arity = ArgumentArity.OneOrMore };
        var command = new Command("cat", "Write files' bytes to standard output") { paths };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var files = await PathGlob.ExpandAllAsync(client, parse.GetValue(paths)!, "cat", ct).ConfigureAwait(false);
            var output = console.OpenBinaryOutput();
            await using (output.ConfigureAwait(false))
            {
                foreach (var file in files)
                {
                    await client.ReadToAsync(file, output, ct).ConfigureAwait(false);
                }
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Ls(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Directories, files or globs (default /)", Arity = ArgumentArity.ZeroOrMore };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "List subdirectories too" };
        var human = new Option<bool>("-h") { Description = "Human-readable sizes (64 M)" };
        var command = new Command("ls", "List directories") { paths, recursive, human };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var typed = parse.GetValue(paths) is { Length: > 0 } given ? given : [DataLocalPath.Root];
            var all = new List<FileEntry>();
            // As `hdfs dfs -ls`: the files named come first, as one listing; then each directory's
            // entries, under "Found N items" unless -R.
            var files = new List<FileEntry>();
            var directories = new List<IReadOnlyList<FileEntry>>();
            foreach (var path in await PathGlob.ExpandAllAsync(client, typed, "ls", ct).ConfigureAwait(false))
            {
                // One ListStatus per path: a file lists as itself.
                var entries = await client.ListAsync(path, parse.GetValue(recursive), ct).ConfigureAwait(false);
                if (entries is [{ IsDirectory: false } file] && file.Path == path)
                {
                    files.Add(file);
                }
                else
                {
                    directories.Add(entries);
                }
            }
            all.AddRange(files.Concat(directories.SelectMany(d => d)));
            if (!parse.GetValue(GlobalOptions.Json))
            {
                WriteListing(console.Out, files, parse.GetValue(human));
                foreach (var entries in directories)
                {
                    if (!parse.GetValue(recursive))
                    {
                        console.Out.WriteLine($"Found {entries.Count} items");
                    }
                    WriteListing(console.Out, entries, parse.GetValue(human));
                }
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, all);
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
        var paths = new Argument<string[]>("PATH") { Description = "Files, directories or globs to delete", Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("-r", "-R") { Description = "Delete directories and their contents" };
        var force = new Option<bool>("-f") { Description = "No error for a path or glob that names nothing, as hdfs dfs -rm -f" };
        var command = new Command("rm", "Delete files or directories") { paths, recursive, force };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var deleted = new List<string>();
            var targets = new List<string>();
            foreach (var typed in parse.GetValue(paths)!)
            {
                try
                {
                    targets.AddRange(await PathGlob.ExpandAsync(client, typed, "rm", ct).ConfigureAwait(false));
                }
                catch (NoMatchException) when (parse.GetValue(force))
                {
                }
            }
            foreach (var p in targets)
            {
                if (parse.GetValue(force) && await client.StatAsync(p, ct).ConfigureAwait(false) is null)
                {
                    continue;
                }
                await client.DeleteAsync(p, parse.GetValue(recursive), ct).ConfigureAwait(false);
                deleted.Add(p);
                if (!parse.GetValue(GlobalOptions.Json))
                {
                    console.Out.WriteLine($"Deleted {p}");
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
        var paths = new Argument<string[]>("SOURCE... DESTINATION")
        {
            Description = "Paths or globs to move, then the new path, or an existing directory to move into (several sources need one)",
            Arity = new ArgumentArity(2, 100_000),
        };
        var command = new Command("mv", "Move or rename files or directories") { paths };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var all = parse.GetValue(paths)!;
            var sources = await PathGlob.ExpandAllAsync(client, all[..^1], "mv", ct).ConfigureAwait(false);
            var destination = await ClusterDestination.ResolveAsync(client, all[^1], "mv", ct).ConfigureAwait(false);
            if (sources.Count > 1 && !destination.IsDirectory)
            {
                throw new DataLocalException($"{destination.Path}: is not a directory (moving several sources needs an existing directory)");
            }
            foreach (var source in sources)
            {
                // The namenode moves a source into an existing directory itself.
                await client.RenameAsync(source, destination.Path, ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Stat(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files, directories or globs", Arity = ArgumentArity.OneOrMore };
        var command = new Command("stat", "Describe files or directories") { paths };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var entries = new List<FileEntry>();
            foreach (var p in await PathGlob.ExpandAllAsync(client, parse.GetValue(paths)!, "stat", ct).ConfigureAwait(false))
            {
                entries.Add(await client.StatAsync(p, ct).ConfigureAwait(false)
                    ?? throw new DataLocalException($"{p}: No such file or directory"));
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write<object>(console.Out, entries.Count == 1 ? entries[0] : entries);
                return CliApp.Ok;
            }
            for (var i = 0; i < entries.Count; i++)
            {
                if (i > 0)
                {
                    console.Out.WriteLine();
                }
                WriteStat(console.Out, entries[i]);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static void WriteListing(TextWriter output, IReadOnlyList<FileEntry> entries, bool human)
    {
        foreach (var line in ListingFormatter.Format(entries, human))
        {
            output.WriteLine(line);
        }
    }

    private static void WriteStat(TextWriter output, FileEntry entry)
    {
        output.WriteLine($"Path:        {entry.Path}");
        output.WriteLine($"Type:        {(entry.IsDirectory ? "directory" : entry.IsParquet ? "Parquet file" : "file")}");
        output.WriteLine($"Owner:       {entry.Owner}");
        output.WriteLine($"Group:       {entry.Group}");
        output.WriteLine($"Permission:  {entry.PermissionText} ({PermissionBits.Octal(entry.Permission)})");
        if (!entry.IsDirectory)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Size:        {entry.Length} bytes ({ByteSize.Human(entry.Length)})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replication: {entry.Replication}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Block size:  {entry.BlockSize} ({ByteSize.Human(entry.BlockSize)})"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Blocks:      {entry.BlockCount}"));
            if (entry.IsParquet)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rows:        {entry.RowCount}"));
            }
        }
        output.WriteLine($"Modified:    {entry.Modified.ToLocalTime():yyyy-MM-dd HH:mm:ss}");
    }
}
