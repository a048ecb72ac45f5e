using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Cli.Output;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal fs chmod|chown|chgrp`: who owns a path and what others may do with it, as `hdfs dfs` has them.</summary>
public static class FsPermissionCommands
{
    public static Command Chmod(CliConsole console)
    {
        var mode = new Argument<string>("MODE") { Description = "Octal (750) or symbolic (u+w, go-r, a=rX)" };
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("-R") { Description = "Everything under each directory too" };
        var command = new Command("chmod", "Change permission bits (the owner or an admin)") { mode, paths, recursive };
        command.SetAction((parse, ct) => Each(console, parse, paths, (client, path) =>
            client.SetPermissionAsync(path, parse.GetValue(mode)!, parse.GetValue(recursive), ct), ct));
        return command;
    }

    public static Command Chown(CliConsole console)
    {
        var owner = new Argument<string>("OWNER[:GROUP]") { Description = "New owner, and group after a colon (OWNER:, :GROUP)" };
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("-R") { Description = "Everything under each directory too" };
        var command = new Command("chown", "Change the owner (admins only) and/or group") { owner, paths, recursive };
        command.SetAction((parse, ct) =>
        {
            var spec = parse.GetValue(owner)!;
            var colon = spec.IndexOf(':', StringComparison.Ordinal);
            var user = colon < 0 ? spec : spec[..colon];
            var group = colon < 0 ? null : spec[(colon + 1)..];
            return Each(console, parse, paths, (client, path) =>
                client.SetOwnerAsync(path, user.Length == 0 ? null : user, string.IsNullOrEmpty(group) ? null : group, parse.GetValue(recursive), ct), ct);
        });
        return command;
    }

    public static Command Chgrp(CliConsole console)
    {
        var group = new Argument<string>("GROUP");
        var paths = new Argument<string[]>("PATH") { Arity = ArgumentArity.OneOrMore };
        var recursive = new Option<bool>("-R") { Description = "Everything under each directory too" };
        var command = new Command("chgrp", "Change the group (the owner, to a group they are in, or an admin)") { group, paths, recursive };
        command.SetAction((parse, ct) => Each(console, parse, paths, (client, path) =>
            client.SetOwnerAsync(path, null, parse.GetValue(group)!, parse.GetValue(recursive), ct), ct));
        return command;
    }

    private static Task<int> Each(CliConsole console, ParseResult parse, Argument<string[]> paths, Func<DataLocalClient, string, Task<int>> change, CancellationToken ct) =>
        CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var changed = 0;
            foreach (var path in await PathGlob.ExpandAllAsync(client, parse.GetValue(paths)!, parse.CommandResult.Command.Name, ct).ConfigureAwait(false))
            {
                changed += await change(client, path).ConfigureAwait(false);
            }
            // Silent on success, as `hdfs dfs -chmod` is; --json says how many inodes changed.
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { changed });
            }
            return CliApp.Ok;
        });
}
