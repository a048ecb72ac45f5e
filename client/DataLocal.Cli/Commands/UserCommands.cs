using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal admin user add|list|remove`: the cluster's users and their tokens. Admins only.</summary>
public static class UserCommands
{
    public static Command Build(CliConsole console)
    {
        var user = new Command("user", "Manage users: each holds a token, kept by the namenode only as a salted hash");
        user.Subcommands.Add(Add(console));
        user.Subcommands.Add(List(console));
        user.Subcommands.Add(Remove(console));
        return user;
    }

    private static Command Add(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "User name: letters, digits, '.', '_' or '-'" };
        var admin = new Option<bool>("--admin") { Description = "May run admin commands (users, decommission, safe mode) and is a superuser for file permissions" };
        var groups = new Option<string>("--groups") { Description = "Comma-separated groups the user is a member of, for file permissions (e.g. analysts,etl)" };
        var command = new Command("add", "Create a user and print their token, once: it cannot be shown again") { name, admin, groups };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var memberOf = (parse.GetValue(groups) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var token = await client.AddUserAsync(parse.GetValue(name)!, parse.GetValue(admin), memberOf, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { name = parse.GetValue(name), admin = parse.GetValue(admin), token });
            }
            else
            {
                console.Out.WriteLine(token);
                console.Error.WriteLine($"datalocal: token of {parse.GetValue(name)} above, shown only now: save it in a file only its owner can read (chmod 600), e.g. ~/.datalocal/token, or in ${TokenResolver.EnvironmentVariable}");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List users (never their tokens)");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var users = await client.ListUsersAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, users);
            }
            else
            {
                TableWriter.Write(console.Out, ["User", "Admin", "Groups", "Created"],
                    [.. users.Select(u => new[] { u.Name, u.Admin ? "yes" : "no", string.Join(',', u.Groups), u.Created.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) })]);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", "Remove a user: their token stops working") { name };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            await client.RemoveUserAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            console.Out.WriteLine($"removed user {parse.GetValue(name)}");
            return CliApp.Ok;
        }));
        return command;
    }
}
