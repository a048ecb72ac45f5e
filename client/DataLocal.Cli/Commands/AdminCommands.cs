using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal admin …`: cluster administration, shaped after `hdfs dfsadmin`.</summary>
public static class AdminCommands
{
    public static Command Build(CliConsole console)
    {
        var admin = new Command("admin", "Administer the cluster (like `hdfs dfsadmin`)");
        admin.Subcommands.Add(Report(console));
        admin.Subcommands.Add(UserCommands.Build(console));
        admin.Subcommands.Add(SafeMode(console));
        admin.Subcommands.Add(Commission(console, "decommission", "Drain a datanode: copy its replicas elsewhere, then mark it decommissioned", decommission: true));
        admin.Subcommands.Add(Commission(console, "recommission", "Return a decommissioning or decommissioned datanode to service", decommission: false));
        return admin;
    }

    private static Command Commission(CliConsole console, string name, string description, bool decommission)
    {
        var node = new Argument<string>("NODE") { Description = "Datanode id or address, as `admin report` lists them" };
        var command = new Command(name, description) { node };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var info = decommission
                ? await client.DecommissionAsync(parse.GetValue(node)!, ct).ConfigureAwait(false)
                : await client.RecommissionAsync(parse.GetValue(node)!, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, info);
            }
            else
            {
                console.Out.WriteLine($"{info.Address} ({info.NodeId}): {info.AdminState}");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command SafeMode(CliConsole console)
    {
        var action = new Argument<string>("ACTION") { Description = "get, enter, leave, or wait (until safe mode ends)" };
        action.AcceptOnlyFromAmong("get", "enter", "leave", "wait");
        var command = new Command("safemode", "Safe mode: the read-only state a namenode starts in until its blocks are reported") { action };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var verb = parse.GetValue(action)!;
            var (on, status) = await client.SafeModeAsync(verb == "wait" ? "get" : verb, ct).ConfigureAwait(false);
            while (verb == "wait" && on)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct).ConfigureAwait(false);
                (on, status) = await client.SafeModeAsync("get", ct).ConfigureAwait(false);
            }
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { on, status });
            }
            else
            {
                console.Out.WriteLine(status);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Report(CliConsole console)
    {
        var command = new Command("report", "Show capacity and every datanode's state (live or dead)");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var report = await client.GetClusterReportAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, report);
                return CliApp.Ok;
            }
            var live = report.Datanodes.Where(d => d.State == "live").ToList();
            var output = console.Out;
            output.WriteLine(Invariant($"Configured Capacity: {live.Sum(d => d.CapacityBytes)} ({ByteSize.Human(live.Sum(d => d.CapacityBytes))})"));
            output.WriteLine(Invariant($"DFS Used: {live.Sum(d => d.UsedBytes)} ({ByteSize.Human(live.Sum(d => d.UsedBytes))})"));
            output.WriteLine(Invariant($"DFS Remaining: {live.Sum(d => d.RemainingBytes)} ({ByteSize.Human(live.Sum(d => d.RemainingBytes))})"));
            output.WriteLine(Invariant($"Files: {report.FileCount}  Blocks: {report.BlockCount}  Default replication: {report.DefaultReplication}  Default block size: {ByteSize.Human(report.DefaultBlockSize)}"));
            output.WriteLine(Invariant($"Corrupt blocks: {report.CorruptBlocks}  Blocks with corrupt replicas: {report.BlocksWithCorruptReplicas}  Corrupt replicas: {report.CorruptReplicas}"));
            output.WriteLine(Invariant($"Unknown replicas (kept in safe mode): {report.UnknownReplicas}"));
            if (report.CorruptBlocks > 0)
            {
                output.WriteLine("Every replica of a corrupt block failed its checksum: run `datalocal fs fsck / --recover` to rebuild them");
            }
            foreach (var group in report.Datanodes.GroupBy(d => d.State).OrderBy(g => g.Key == "live" ? 0 : 1))
            {
                output.WriteLine();
                output.WriteLine(Invariant($"{char.ToUpperInvariant(group.Key[0])}{group.Key[1..]} datanodes ({group.Count()}):"));
                foreach (var node in group)
                {
                    output.WriteLine();
                    output.WriteLine($"Name: {node.Address} ({node.NodeId})");
                    output.WriteLine($"Rack: {node.Rack}");
                    output.WriteLine($"Decommission Status: {node.AdminState}");
                    output.WriteLine(node.Reachable ? "Reachable: yes" : $"Reachable: NO, gets no replicas or tasks: {node.UnreachableReason}");
                    output.WriteLine(Invariant($"DFS Used: {node.UsedBytes} ({ByteSize.Human(node.UsedBytes)})"));
                    output.WriteLine(Invariant($"DFS Remaining: {node.RemainingBytes} ({ByteSize.Human(node.RemainingBytes)})"));
                    output.WriteLine(Invariant($"Replicas: {node.BlockCount}"));
                    output.WriteLine(Invariant($"Last contact: {node.SinceLastHeartbeat.TotalSeconds:0.0} s ago"));
                }
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
