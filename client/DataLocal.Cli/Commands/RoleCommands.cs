using System.CommandLine;
using Microsoft.Extensions.Configuration;
using DataLocal.Common.Hosting;
using DataLocal.DataNode;
using DataLocal.DataNode.Hosting;
using DataLocal.NameNode;
using DataLocal.NameNode.Hosting;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal namenode` and `datalocal datanode`: run a role in the foreground until stopped.</summary>
public static class RoleCommands
{
    public static Command NameNode(CliConsole console)
    {
        var d = new NameNodeOptions();
        var flags = new RoleFlags(NameNodeOptions.SectionName);
        flags.Add(new Option<string>("--dir") { Description = "Metadata directory (required here, in the settings file or the environment)" }, nameof(d.Directory), dir => Path.GetFullPath(dir));
        flags.Add(new Option<string>("--bind") { Description = $"Address to listen on for RPC and HTTP: an IP of this machine, or 0.0.0.0 for every interface (default {d.BindAddress})" }, nameof(d.BindAddress));
        flags.Add(new Option<int>("--port") { Description = $"gRPC port, 0 = any free port (default {d.Port})" }, nameof(d.Port));
        flags.Add(new Option<int>("--http-port") { Description = $"Status/metrics HTTP port, 0 = any, -1 = off (default {d.HttpPort})" }, nameof(d.HttpPort));
        flags.Add(new Option<int>("--replication") { Description = $"Default replicas per block (default {d.DefaultReplication})" }, nameof(d.DefaultReplication));
        flags.Add(new Option<string>("--block-size") { Description = "Default block size (default 64MB)" }, nameof(d.DefaultBlockSize), text => ByteSize.Parse(text));
        flags.Add(new Option<double>("--dead-node-timeout") { Description = $"Seconds without heartbeat before a datanode is dead (default {d.DeadNodeTimeout.TotalSeconds})" }, nameof(d.DeadNodeTimeout), seconds => TimeSpan.FromSeconds(seconds));
        flags.Add(new Option<double>("--heartbeat-interval") { Description = $"Seconds between datanode heartbeats (default {d.HeartbeatInterval.TotalSeconds})" }, nameof(d.HeartbeatInterval), seconds => TimeSpan.FromSeconds(seconds));
        flags.Add(new Option<double>("--write-lease-timeout") { Description = $"Seconds an idle unfinished write lives before it is abandoned (default {d.WriteLeaseTimeout.TotalSeconds})" }, nameof(d.WriteLeaseTimeout), seconds => TimeSpan.FromSeconds(seconds));
        flags.Add(new Option<string>("--locality-wait") { Description = "Default time a job waits for a more local slot, as Spark's spark.locality.wait (default 3s)" }, nameof(d.LocalityWait), text => DurationText.Parse(text));
        flags.Add(new Option<int>("--max-task-attempts") { Description = $"Default attempts per task before its job fails (default {d.MaxTaskAttempts})" }, nameof(d.MaxTaskAttempts));
        flags.Add(new Option<string>("--task-timeout") { Description = "Longest a task attempt may run before it is failed and retried elsewhere (default 10m)" }, nameof(d.TaskTimeout), text => DurationText.Parse(text));
        flags.Add(new Option<bool>("--speculation") { Description = "Run a second attempt of a straggling task on another node, the first to finish winning, as Spark's spark.speculation (default off)" }, nameof(d.Speculation));
        flags.Add(new Option<double>("--speculation-multiplier") { Description = $"How many times slower than the median of its job's finished tasks a task must be to be speculated (default {d.SpeculationMultiplier})" }, nameof(d.SpeculationMultiplier));
        flags.Add(new Option<double>("--speculation-quantile") { Description = $"Share of a job's tasks that must have finished before any is speculated (default {d.SpeculationQuantile})" }, nameof(d.SpeculationQuantile));
        flags.Add(new Option<string>("--speculation-interval") { Description = "How often running jobs are checked for stragglers (default 100ms)" }, nameof(d.SpeculationInterval), text => DurationText.Parse(text));
        flags.Add(new Option<string>("--speculation-min-task-runtime") { Description = "Least time a task must have run before it may be speculated (default 100ms)" }, nameof(d.SpeculationMinTaskRuntime), text => DurationText.Parse(text));
        flags.Add(new Option<string>("--max-result-size") { Description = "Most bytes of results one job may bring to the namenode, as Spark's spark.driver.maxResultSize, at most 1GB; larger ones need job submit --output (default 256MB)" },
            nameof(d.MaxResultSize), text => ByteSize.Parse(text));
        flags.Add(new Option<string>("--job-timeout") { Description = "Longest a job may run before it is failed; job submit --timeout sets one job's (default 1h)" }, nameof(d.JobTimeout), text => DurationText.Parse(text));
        flags.Add(new Option<string>("--block-token-key-update-interval") { Description = "How often the key signing block access tokens rolls, as HDFS's dfs.block.access.key.update.interval (default 10m)" },
            nameof(d.BlockTokenKeyUpdateInterval), text => DurationText.Parse(text));
        flags.Add(new Option<string>("--block-token-lifetime") { Description = "How long a block access token is valid, as HDFS's dfs.block.access.token.lifetime (default 10m)" },
            nameof(d.BlockTokenLifetime), text => DurationText.Parse(text));
        flags.AddList(new Option<string[]>("--allow-external")
        {
            Description = "URL prefix jobs may read with FROM 'http(s)://…' (repeatable); none by default, which turns external sources off. " +
                "Loopback, link-local, private and the cluster's own addresses need a prefix naming that very host",
        }, nameof(d.AllowExternal));
        flags.Add(new Option<string>("--cluster-secret-file") { Description = "Owner-only file with the secret datanodes present; created with a new secret when missing (default: cluster-secret in --dir)" },
            nameof(d.ClusterSecretFile), file => Path.GetFullPath(file));
        flags.Add(new Option<string>("--admin-token-file") { Description = "Owner-only file with the first admin's token, adopted as user \"admin\" while there are no users; created when missing (default: admin-token in --dir)" },
            nameof(d.AdminTokenFile), file => Path.GetFullPath(file));
        flags.Add(new Option<string>("--tls-cert") { Description = "PEM certificate this node serves every port with, TLS only (with --tls-key and --tls-ca, the cluster CA its peers' certificates must chain to)" },
            nameof(d.TlsCertFile), file => Path.GetFullPath(file));
        flags.Add(new Option<string>("--tls-key") { Description = "Owner-only PEM file with the private key of --tls-cert" }, nameof(d.TlsKeyFile), file => Path.GetFullPath(file));
        flags.Add(new Option<int>("--max-running-jobs") { Description = $"Jobs that may run at once; submits beyond it are refused (default {d.MaxRunningJobs})" }, nameof(d.MaxRunningJobs));
        flags.Add(new Option<int>("--max-running-jobs-per-user") { Description = $"Jobs one user may run at once; submits beyond it are refused (default {d.MaxRunningJobsPerUser})" }, nameof(d.MaxRunningJobsPerUser));
        var command = new Command("namenode", "Run a namenode in the foreground");
        foreach (var option in flags.Options.Concat(RoleLogging.Options).Append(AuditLogging.AuditLogFile))
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var logging = AuditLogging.Apply(parse, RoleLogging.Apply(parse));
            var host = await NameNodeHost.StartAsync(flags.Settings(parse, TlsCa(parse, NameNodeOptions.SectionName)), flags.Names, logging, cancellationToken: ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                WarnIfOpen(console, "namenode", host.BoundAddress, host.Ports, host.RpcAddress.StartsWith("https://", StringComparison.Ordinal));
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    public static Command DataNode(CliConsole console)
    {
        var d = new DataNodeOptions();
        var flags = new RoleFlags(DataNodeOptions.SectionName);
        flags.Add(new Option<string>("--dir") { Description = "Block directory (required here, in the settings file or the environment)" }, nameof(d.Directory), dir => Path.GetFullPath(dir));
        flags.Add(new Option<string>("--bind") { Description = $"Address to listen on: an IP of this machine, or 0.0.0.0 for every interface (default {d.BindAddress})" }, nameof(d.BindAddress));
        flags.Add(new Option<string>("--advertise") { Description = "Hostname or IP other hosts reach this datanode at (default: the --bind address, or this machine's first non-loopback IPv4 for 0.0.0.0)" }, nameof(d.AdvertiseHost));
        flags.Add(new Option<int>("--port") { Description = $"Data-transfer port, 0 = any free port (default {d.Port})" }, nameof(d.Port));
        flags.Add(new Option<int>("--http-port") { Description = $"HTTP port of /metrics and /healthz, 0 = any, -1 = off (default {d.HttpPort})" }, nameof(d.HttpPort));
        flags.Add(new Option<string>("--rack") { Description = "Rack of this node, e.g. /rack1" }, nameof(d.Rack));
        flags.Add(new Option<double>("--block-report-interval") { Description = $"Seconds between full block reports (default {d.BlockReportInterval.TotalSeconds})" }, nameof(d.BlockReportInterval), seconds => TimeSpan.FromSeconds(seconds));
        flags.Add(new Option<int>("--task-slots") { Description = "Tasks run at once (default: the core count)" }, nameof(d.TaskSlots));
        flags.Add(new Option<int>("--replication-workers") { Description = $"Block copies ordered by the namenode that run at once (default {d.ReplicationWorkers})" }, nameof(d.ReplicationWorkers));
        flags.Add(new Option<string>("--cluster-secret-file") { Description = "Owner-only file with the cluster secret, a copy of the namenode's (default: the local cluster's, ./.datalocal/cluster-secret)" },
            nameof(d.ClusterSecretFile), file => Path.GetFullPath(file));
        flags.Add(new Option<string>("--tls-cert") { Description = "PEM certificate this node serves every port with, TLS only (with --tls-key and --tls-ca, the cluster CA its peers' certificates must chain to)" },
            nameof(d.TlsCertFile), file => Path.GetFullPath(file));
        flags.Add(new Option<string>("--tls-key") { Description = "Owner-only PEM file with the private key of --tls-cert" }, nameof(d.TlsKeyFile), file => Path.GetFullPath(file));
        flags.Add(new Option<string>("--transfer-compression") { Description = $"LZ4 for block transfers: auto (to other hosts, where it shrinks), lz4 (loopback too) or none (default {d.TransferCompression.ToString().ToLowerInvariant()})" }, nameof(d.TransferCompression));
        var command = new Command("datanode", "Run a datanode in the foreground");
        foreach (var option in flags.Options.Concat(RoleLogging.Options))
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var logging = RoleLogging.Apply(parse);
            var tlsCa = TlsCa(parse, DataNodeOptions.SectionName);
            var settings = flags.Settings(parse, tlsCa);
            var nameNodeKey = $"{DataNodeOptions.SectionName}:{nameof(d.NameNodeAddress)}";
            // The global --namenode option (or $DATALOCAL_NAMENODE) says where to register, over the
            // settings; without any of them, the local cluster's namenode.
            if (NameNodeResolver.IsGiven(parse) || string.IsNullOrEmpty(settings[nameNodeKey]))
            {
                settings = flags.Settings(parse, [.. tlsCa, new(nameNodeKey, NameNodeResolver.Resolve(parse))]);
            }
            var secretKey = $"{DataNodeOptions.SectionName}:{nameof(d.ClusterSecretFile)}";
            var localSecret = Cluster.ClusterSecrets.In(Cluster.ClusterFile.DefaultDirectory).SecretFile;
            if (string.IsNullOrEmpty(settings[secretKey]) && File.Exists(localSecret))
            {
                settings = new ConfigurationBuilder().AddConfiguration(settings).AddInMemoryCollection([new(secretKey, Path.GetFullPath(localSecret))]).Build();
            }
            var host = await DataNodeHost.StartAsync(settings, flags.Names, logging, cancellationToken: ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                WarnIfOpen(console, "datanode", host.Bound.Address, host.HttpAddress is null ? [host.Bound.Port] : [host.Bound.Port, new Uri(host.HttpAddress).Port],
                    host.Address.StartsWith("https://", StringComparison.Ordinal));
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        }));
        return command;
    }

    // --tls-ca is the global option the other commands use too; given, it is the role's TlsCaFile. Not
    // $DATALOCAL_TLS_CA: a user's CLI setting, inherited by the roles `cluster start` runs, must not turn TLS on.
    private static KeyValuePair<string, string?>[] TlsCa(ParseResult parse, string section) =>
        parse.GetValue(GlobalOptions.TlsCa) is { Length: > 0 } ca ? [new($"{section}:TlsCaFile", Path.GetFullPath(ca))] : [];

    private static void WarnIfOpen(CliConsole console, string role, System.Net.IPAddress bound, IEnumerable<int> ports, bool tls)
    {
        if (OpenAccessWarning.For(role, bound, ports, tls) is { } warning)
        {
            console.Error.WriteLine($"datalocal: {warning}");
        }
    }
}
