using System.CommandLine;
using DataLocal.Common.Hosting;
using DataLocal.DataNode;
using DataLocal.DataNode.Hosting;
using DataLocal.NameNode;
using DataLocal.NameNode.Hosting;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal namenode` and `datalocal datanode`: run a role in the foreground until stopped.</summary>
public static class RoleCommands
{
    private static readonly Option<string?> LogFile = new("--log-file") { Description = "Write logs to this file instead of the console" };

    public static Command NameNode(CliConsole console)
    {
        var dir = new Option<string>("--dir") { Description = "Metadata directory", Required = true };
        var bind = new Option<string>("--bind") { Description = "Address to listen on for RPC and HTTP: an IP of this machine, or 0.0.0.0 for every interface", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "gRPC port (0 = any free port)", DefaultValueFactory = _ => 8020 };
        var httpPort = new Option<int>("--http-port") { Description = "Status/metrics HTTP port (0 = any, -1 = off)", DefaultValueFactory = _ => 9870 };
        var replication = new Option<int>("--replication") { Description = "Default replicas per block", DefaultValueFactory = _ => 3 };
        var blockSize = new Option<string>("--block-size") { Description = "Default block size", DefaultValueFactory = _ => "64MB" };
        var deadTimeout = new Option<double>("--dead-node-timeout") { Description = "Seconds without heartbeat before a datanode is dead", DefaultValueFactory = _ => 10 };
        var heartbeat = new Option<double>("--heartbeat-interval") { Description = "Seconds between datanode heartbeats", DefaultValueFactory = _ => 1 };
        var leaseTimeout = new Option<double>("--write-lease-timeout") { Description = "Seconds an idle unfinished write lives before it is abandoned", DefaultValueFactory = _ => 60 };
        var localityWait = new Option<string>("--locality-wait") { Description = "Default time a job waits for a more local slot (Spark's spark.locality.wait)", DefaultValueFactory = _ => "3s" };
        var maxAttempts = new Option<int>("--max-task-attempts") { Description = "Default attempts per task before its job fails", DefaultValueFactory = _ => 4 };
        var taskTimeout = new Option<string>("--task-timeout") { Description = "Longest a task attempt may run before it is failed and retried elsewhere", DefaultValueFactory = _ => "10m" };
        var maxResultSize = new Option<string>("--max-result-size") { Description = "Most bytes of results one job may bring to the namenode (as Spark's spark.driver.maxResultSize; at most 1GB); larger ones need job submit --output", DefaultValueFactory = _ => "256MB" };
        var jobTimeout = new Option<string>("--job-timeout") { Description = "Longest a job may run before it is failed (job submit --timeout sets one job's)", DefaultValueFactory = _ => "1h" };
        var maxRunningJobs = new Option<int>("--max-running-jobs") { Description = "Jobs that may run at once; submits beyond it are refused", DefaultValueFactory = _ => 16 };
        var command = new Command("namenode", "Run a namenode in the foreground")
        {
            dir, bind, port, httpPort, replication, blockSize, deadTimeout, heartbeat, leaseTimeout, localityWait, maxAttempts, taskTimeout, maxResultSize, jobTimeout, maxRunningJobs, LogFile,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            RoleLogging.RedirectConsole(parse.GetValue(LogFile));
            var options = new NameNodeOptions
            {
                Directory = Path.GetFullPath(parse.GetValue(dir)!),
                BindAddress = parse.GetValue(bind)!,
                Port = parse.GetValue(port),
                HttpPort = parse.GetValue(httpPort),
                DefaultReplication = parse.GetValue(replication),
                DefaultBlockSize = ByteSize.Parse(parse.GetValue(blockSize)!),
                DeadNodeTimeout = Seconds(parse.GetValue(deadTimeout), "--dead-node-timeout"),
                HeartbeatInterval = Seconds(parse.GetValue(heartbeat), "--heartbeat-interval"),
                WriteLeaseTimeout = Seconds(parse.GetValue(leaseTimeout), "--write-lease-timeout"),
                LocalityWait = DurationText.Parse(parse.GetValue(localityWait)!),
                MaxTaskAttempts = parse.GetValue(maxAttempts) >= 1 ? parse.GetValue(maxAttempts) : throw new UsageException("--max-task-attempts must be at least 1"),
                TaskTimeout = DurationText.Parse(parse.GetValue(taskTimeout)!) is { TotalSeconds: >= 1 } timeout ? timeout : throw new UsageException("--task-timeout must be at least 1s"),
                MaxResultSize = ByteSize.Parse(parse.GetValue(maxResultSize)!) is var size and >= 1024 and <= 1L << 30
                    ? size : throw new UsageException("--max-result-size must be between 1KB and 1GB (larger results belong in the cluster: job submit --output)"),
                JobTimeout = DurationText.Parse(parse.GetValue(jobTimeout)!) is { TotalSeconds: >= 1 } jobLimit ? jobLimit : throw new UsageException("--job-timeout must be at least 1s"),
                MaxRunningJobs = parse.GetValue(maxRunningJobs) >= 1 ? parse.GetValue(maxRunningJobs) : throw new UsageException("--max-running-jobs must be at least 1"),
            };
            var host = await NameNodeHost.StartAsync(options, cancellationToken: ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                WarnIfOpen(console, "namenode", host.BoundAddress, host.Ports);
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    public static Command DataNode(CliConsole console)
    {
        var dir = new Option<string>("--dir") { Description = "Block directory", Required = true };
        var bind = new Option<string>("--bind") { Description = "Address to listen on: an IP of this machine, or 0.0.0.0 for every interface", DefaultValueFactory = _ => "127.0.0.1" };
        var advertise = new Option<string?>("--advertise") { Description = "Hostname or IP other hosts reach this datanode at (default: the --bind address, or this machine's first non-loopback IPv4 for 0.0.0.0)" };
        var port = new Option<int>("--port") { Description = "Data-transfer port (0 = any free port)", DefaultValueFactory = _ => 9866 };
        var rack = new Option<string>("--rack") { Description = "Rack of this node, e.g. /rack1", DefaultValueFactory = _ => string.Empty };
        var reportInterval = new Option<double>("--block-report-interval") { Description = "Seconds between full block reports", DefaultValueFactory = _ => 60 };
        var slots = new Option<int>("--task-slots") { Description = "Tasks run at once (default: the core count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("datanode", "Run a datanode in the foreground") { dir, bind, advertise, port, rack, reportInterval, slots, LogFile };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            RoleLogging.RedirectConsole(parse.GetValue(LogFile));
            var options = new DataNodeOptions
            {
                // The global --namenode option (or $DATALOCAL_NAMENODE) says where to register.
                NameNodeAddress = NameNodeResolver.Resolve(parse),
                Directory = Path.GetFullPath(parse.GetValue(dir)!),
                BindAddress = parse.GetValue(bind)!,
                AdvertiseHost = parse.GetValue(advertise) ?? string.Empty,
                Port = parse.GetValue(port),
                Rack = parse.GetValue(rack)!,
                BlockReportInterval = Seconds(parse.GetValue(reportInterval), "--block-report-interval"),
                TaskSlots = parse.GetValue(slots) >= 0 ? parse.GetValue(slots) : throw new UsageException("--task-slots cannot be negative"),
            };
            var host = await DataNodeHost.StartAsync(options, cancellationToken: ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                WarnIfOpen(console, "datanode", host.Bound.Address, [host.Bound.Port]);
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    private static void WarnIfOpen(CliConsole console, string role, System.Net.IPAddress bound, IEnumerable<int> ports)
    {
        if (OpenAccessWarning.For(role, bound, ports) is { } warning)
        {
            console.Error.WriteLine($"datalocal: {warning}");
        }
    }

    private static TimeSpan Seconds(double value, string option) =>
        value > 0 ? TimeSpan.FromSeconds(value) : throw new UsageException($"{option} must be more than 0 seconds");
}
