using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Cluster;
using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Common.Hosting;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal cluster start|status|stop`: a local cluster of real background processes.</summary>
public static class ClusterCommands
{
    private static readonly Option<string> Dir = new("--dir") { Description = "Cluster directory", DefaultValueFactory = _ => ClusterFile.DefaultDirectory };

    public static Command Build(CliConsole console)
    {
        var cluster = new Command("cluster", "Run a local cluster of real processes");
        cluster.Subcommands.Add(Start(console));
        cluster.Subcommands.Add(Status(console));
        cluster.Subcommands.Add(Stop(console));
        return cluster;
    }

    private static Command Start(CliConsole console)
    {
        var datanodes = new Option<int>("--datanodes") { Description = "Number of datanodes", DefaultValueFactory = _ => 3 };
        var replication = new Option<int>("--replication") { Description = "Default replicas per block", DefaultValueFactory = _ => 2 };
        var blockSize = new Option<string>("--block-size") { Description = "Default block size", DefaultValueFactory = _ => "64MB" };
        var localityWait = new Option<string>("--locality-wait") { Description = "Default time a job waits for a more local slot", DefaultValueFactory = _ => "3s" };
        var racks = new Option<int>("--racks") { Description = "Spread the datanodes over this many racks (/rack1, /rack2, …); 0 = no rack information", DefaultValueFactory = _ => 0 };
        // Unset, the namenode's own defaults apply (256MB, 1h, 16): they are said in one place, `datalocal namenode`.
        var maxResultSize = new Option<string?>("--max-result-size") { Description = "Most bytes of results one job may bring to the namenode (default 256MB, at most 1GB)" };
        var jobTimeout = new Option<string?>("--job-timeout") { Description = "Longest a job may run before it is failed (default 1h)" };
        var maxRunningJobs = new Option<int?>("--max-running-jobs") { Description = "Jobs that may run at once (default 16)" };
        var maxRunningJobsPerUser = new Option<int?>("--max-running-jobs-per-user") { Description = "Jobs one user may run at once (default 8)" };
        var speculation = new SpeculationFlags();
        var allowExternal = new Option<string[]>("--allow-external")
        {
            Description = "URL prefix jobs may read with FROM 'http(s)://…' (repeatable); none by default, which turns external sources off",
            AllowMultipleArgumentsPerToken = false,
        };
        var bind = new Option<string>("--bind") { Description = "Address every process listens on: an IP of this machine, or 0.0.0.0 for every interface", DefaultValueFactory = _ => "127.0.0.1" };
        var advertise = new Option<string?>("--advertise") { Description = "Hostname or IP the datanodes advertise (default: the --bind address, or this machine's first non-loopback IPv4 for 0.0.0.0)" };
        var port = new Option<int>("--port") { Description = "Namenode gRPC port (default 0 = any free port)", DefaultValueFactory = _ => 0 };
        var httpPort = new Option<int>("--http-port") { Description = "Namenode status/metrics HTTP port (default 0 = any free port)", DefaultValueFactory = _ => 0 };
        var datanodePort = new Option<int>("--datanode-port") { Description = "First datanode's data-transfer port, the next ones following it (default 0 = any free ports)", DefaultValueFactory = _ => 0 };
        var tls = new Option<bool>("--tls") { Description = "Every port speaks TLS only, with certificates from a CA made for this cluster (in tls/ of --dir; commands run here trust it)" };
        var command = new Command("start", "Start a namenode and datanodes in the background")
        {
            datanodes, replication, blockSize, localityWait, racks, bind, advertise, port, httpPort, datanodePort, tls, maxResultSize, jobTimeout, maxRunningJobs, maxRunningJobsPerUser, allowExternal, Dir,
        };
        foreach (var option in speculation.Options)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var n = parse.GetValue(datanodes);
            var r = parse.GetValue(replication);
            if (n < 1 || r < 1)
            {
                throw new UsageException("--datanodes and --replication must be at least 1");
            }
            if (r > n)
            {
                throw new UsageException($"--replication {r} needs at least {r} datanodes, but --datanodes is {n}");
            }
            var dir = parse.GetValue(Dir)!;
            if (ClusterFile.TryRead(dir) is { } existing && existing.Processes.Any(p => ProcessControl.IsRunning(p.ProcessId, p.Directory)))
            {
                throw new DataLocalException($"a cluster is already running in {existing.Directory} (namenode {existing.NameNode}); stop it with `datalocal cluster stop`");
            }
            foreach (var (option, value) in new[] { ("--port", parse.GetValue(port)), ("--http-port", parse.GetValue(httpPort)), ("--datanode-port", parse.GetValue(datanodePort)) })
            {
                if (value is < 0 or > 65535)
                {
                    throw new UsageException($"{option} must be a port from 0 to 65535 (0 = any free port), not {value}");
                }
            }
            if (parse.GetValue(datanodePort) is > 0 and var first && first + n - 1 > 65535)
            {
                throw new UsageException($"--datanode-port {first} leaves no room for {n} datanodes on the ports after it");
            }
            var bindAddress = NodeAddresses.ResolveBind(parse.GetValue(bind)!, "--bind");
            var json = parse.GetValue(GlobalOptions.Json);
            var limits = new List<string>();
            if (parse.GetValue(maxResultSize) is { } size)
            {
                limits.AddRange(["--max-result-size", ByteSize.Parse(size).ToString(CultureInfo.InvariantCulture)]);
            }
            if (parse.GetValue(jobTimeout) is { } timeout)
            {
                limits.AddRange(["--job-timeout", DurationText.Parse(timeout).TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s"]);
            }
            if (parse.GetValue(maxRunningJobs) is { } jobs)
            {
                limits.AddRange(["--max-running-jobs", jobs.ToString(CultureInfo.InvariantCulture)]);
            }
            if (parse.GetValue(maxRunningJobsPerUser) is { } perUser)
            {
                limits.AddRange(["--max-running-jobs-per-user", perUser.ToString(CultureInfo.InvariantCulture)]);
            }
            foreach (var prefix in parse.GetValue(allowExternal) ?? [])
            {
                limits.AddRange(["--allow-external", prefix]);
            }
            limits.AddRange(speculation.NameNodeArguments(parse));
            var settings = new LocalClusterSettings(
                dir, n, r, ByteSize.Parse(parse.GetValue(blockSize)!), parse.GetValue(localityWait)!, Math.Max(0, parse.GetValue(racks)),
                parse.GetValue(bind)!, parse.GetValue(advertise), parse.GetValue(port), parse.GetValue(httpPort), parse.GetValue(datanodePort), limits, parse.GetValue(tls));
            var started = await new LocalClusterLauncher(json ? TextWriter.Null : console.Out).StartAsync(settings, ct).ConfigureAwait(false);
            if (OpenAccessWarning.For("cluster", bindAddress, started.Processes.Select(p => new Uri(p.Address).Port).Append(new Uri(started.NameNodeHttp ?? started.NameNode).Port).Distinct(), started.TlsCaFile is not null) is { } warning)
            {
                console.Error.WriteLine($"datalocal: {warning}");
            }
            if (json)
            {
                JsonOutput.Write(console.Out, started);
            }
            else
            {
                console.Out.WriteLine($"Cluster started: {n} datanodes, replication {r}. Namenode {started.NameNode}; cluster file {ClusterFile.PathIn(started.Directory)}");
                var tokenFile = ClusterSecrets.In(started.Directory).TokenFile;
                console.Out.WriteLine(Path.GetFullPath(dir) == Path.GetFullPath(ClusterFile.DefaultDirectory)
                    ? $"Admin token in {tokenFile} (owner-only), where commands run here find it"
                    : $"Admin token in {tokenFile} (owner-only): export {TokenResolver.FileEnvironmentVariable}={tokenFile}");
                if (started.TlsCaFile is { } ca)
                {
                    console.Out.WriteLine(Path.GetFullPath(dir) == Path.GetFullPath(ClusterFile.DefaultDirectory)
                        ? $"TLS on every port; cluster CA in {ca}, which commands run here trust"
                        : $"TLS on every port; cluster CA in {ca}: export {TlsCaResolver.EnvironmentVariable}={ca}");
                }
            }
            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>The cluster's own admin token when its directory has one, else the user's.</summary>
    private static string? ClusterToken(ParseResult parse, ClusterFile cluster)
    {
        var secrets = ClusterSecrets.In(cluster.Directory);
        return File.Exists(secrets.TokenFile) ? secrets.ReadToken() : TokenResolver.Resolve(parse);
    }

    private static Command Status(CliConsole console)
    {
        var command = new Command("status", "Show the local cluster's processes and datanodes") { Dir };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var cluster = ClusterFile.TryRead(parse.GetValue(Dir)!)
                ?? throw new DataLocalException($"no cluster in {Path.GetFullPath(parse.GetValue(Dir)!)}; start one with `datalocal cluster start`");
            var processes = cluster.Processes.Select(p => new { p.Role, p.ProcessId, p.Address, Running = ProcessControl.IsRunning(p.ProcessId, p.Directory) }).ToList();
            using var client = new DataLocalClient(cluster.NameNode, new DataLocalClientOptions { Token = ClusterToken(parse, cluster), TlsCaFile = cluster.TlsCaFile });
            var report = processes[0].Running ? await client.GetClusterReportAsync(ct).ConfigureAwait(false) : null;
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { cluster.NameNode, cluster.NameNodeHttp, processes, report });
                return CliApp.Ok;
            }
            console.Out.WriteLine($"Namenode: {cluster.NameNode} (web: {cluster.NameNodeHttp})");
            TableWriter.Write(console.Out, ["Role", "PID", "Address", "Process"],
                [.. processes.Select(p => new[] { p.Role, p.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Address, p.Running ? "running" : "stopped" })]);
            if (report is not null)
            {
                console.Out.WriteLine($"Live datanodes: {report.LiveCount} of {report.Datanodes.Count}; {report.FileCount} files, {report.BlockCount} blocks");
            }
            return processes.All(p => p.Running) ? CliApp.Ok : CliApp.Error;
        }));
        return command;
    }

    private static Command Stop(CliConsole console)
    {
        var command = new Command("stop", "Stop the local cluster's processes") { Dir };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var dir = parse.GetValue(Dir)!;
            var cluster = ClusterFile.TryRead(dir)
                ?? throw new DataLocalException($"no cluster in {Path.GetFullPath(dir)}; nothing to stop");
            // Datanodes first, so they do not spend their last seconds retrying a vanished namenode.
            var stopped = 0;
            foreach (var process in cluster.Processes.Reverse())
            {
                if (ProcessControl.IsRunning(process.ProcessId, process.Directory))
                {
                    await ProcessControl.StopAsync(process.ProcessId, TimeSpan.FromSeconds(15)).ConfigureAwait(false);
                    stopped++;
                }
            }
            File.Delete(ClusterFile.PathIn(dir));
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { stopped });
            }
            else
            {
                console.Out.WriteLine($"Stopped {stopped} processes");
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
