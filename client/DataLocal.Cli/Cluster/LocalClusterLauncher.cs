using System.Diagnostics;
using System.Globalization;
using DataLocal.Client;
using DataLocal.Common.Hosting;
using DataLocal.NameNode.Datanodes;

namespace DataLocal.Cli.Cluster;

/// <summary>
/// What `cluster start` was asked for. Ports of 0 mean "any free port", the default: several
/// processes on one machine cannot all take the fixed ports a single node defaults to. A given
/// <paramref name="DataNodePort"/> is the first datanode's; the next ones take the ports after it.
/// <paramref name="JobLimits"/> are namenode flags for jobs (--max-result-size, --allow-external …) passed through as given.
/// With <paramref name="Tls"/>, every role serves TLS with a certificate from the cluster's own CA.
/// </summary>
public sealed record LocalClusterSettings(
    string Directory, int DataNodes, int Replication, long BlockSize, string LocalityWait, int Racks,
    string Bind = "127.0.0.1", string? Advertise = null, int NameNodePort = 0, int HttpPort = 0, int DataNodePort = 0,
    IReadOnlyList<string>? JobLimits = null, bool Tls = false);

/// <summary>
/// Starts a local cluster of real processes: one namenode and N datanodes, each a background copy
/// of this executable on free ports of the bind address (loopback by default), then waits until
/// every datanode has registered and the namenode can reach each one.
/// </summary>
public sealed class LocalClusterLauncher(TextWriter progress)
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<ClusterFile> StartAsync(LocalClusterSettings settings, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(settings.Directory);
        var datanodes = settings.DataNodes;
        Directory.CreateDirectory(directory);
        var secrets = ClusterSecrets.Ensure(directory);
        var certificates = settings.Tls ? ClusterCertificates.Ensure(directory) : null;
        var hosts = CertificateHosts(settings);
        var processes = new List<ClusterProcess>();
        try
        {
            var namenodeDir = Path.Combine(directory, "namenode");
            var namenode = await StartRoleAsync("namenode", namenodeDir,
            [
                "namenode", "--dir", namenodeDir, "--bind", settings.Bind,
                "--port", Text(settings.NameNodePort), "--http-port", Text(settings.HttpPort),
                "--replication", settings.Replication.ToString(CultureInfo.InvariantCulture),
                "--block-size", settings.BlockSize.ToString(CultureInfo.InvariantCulture),
                "--locality-wait", settings.LocalityWait,
                "--audit-log-file", Path.Combine(namenodeDir, "audit.log"),
                .. secrets.NameNodeArguments,
                .. certificates?.IssueFor("namenode", hosts) ?? [],
                .. settings.JobLimits ?? [],
            ], cancellationToken).ConfigureAwait(false);
            processes.Add(namenode.Process);
            progress.WriteLine($"namenode   {namenode.Endpoint.RpcAddress}  (web: {namenode.Endpoint.HttpAddress})");

            for (var i = 1; i <= datanodes; i++)
            {
                var dataDir = Path.Combine(directory, $"datanode-{i}");
                string[] rack = settings.Racks > 0 ? ["--rack", string.Create(CultureInfo.InvariantCulture, $"/rack{((i - 1) % settings.Racks) + 1}")] : [];
                string[] advertise = settings.Advertise is { } host ? ["--advertise", host] : [];
                var port = settings.DataNodePort == 0 ? 0 : settings.DataNodePort + i - 1;
                var datanode = await StartRoleAsync($"datanode-{i}", dataDir,
                    ["datanode", "--namenode", namenode.Endpoint.RpcAddress, "--dir", dataDir, "--bind", settings.Bind, .. advertise, "--port", Text(port), "--http-port", "0", .. rack,
                     .. secrets.DataNodeArguments, .. certificates?.IssueFor($"datanode-{i}", hosts) ?? []],
                    cancellationToken).ConfigureAwait(false);
                processes.Add(datanode.Process);
                progress.WriteLine($"datanode-{i} {datanode.Endpoint.RpcAddress}  (metrics: {datanode.Endpoint.HttpAddress}/metrics)");
            }

            await WaitForDatanodesAsync(namenode.Endpoint.RpcAddress, secrets.ReadToken(), certificates?.CaFile, datanodes, cancellationToken).ConfigureAwait(false);
            var cluster = new ClusterFile(namenode.Endpoint.RpcAddress, namenode.Endpoint.HttpAddress, directory, processes, certificates?.CaFile);
            cluster.Write();
            return cluster;
        }
        catch
        {
            foreach (var process in processes)
            {
                await ProcessControl.StopAsync(process.ProcessId, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            throw;
        }
    }

    private static async Task<(ClusterProcess Process, EndpointFile Endpoint)> StartRoleAsync(
        string name, string directory, string[] arguments, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        File.Delete(EndpointFile.PathIn(directory));
        var logFile = Path.Combine(directory, name.Split('-')[0] + ".log");
        using var process = SelfLauncher.Start([.. arguments, "--log-file", logFile]);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var endpoint = EndpointFile.TryRead(directory);
            if (endpoint is not null && endpoint.ProcessId == process.Id)
            {
                return (new ClusterProcess(name, process.Id, directory, endpoint.RpcAddress), endpoint);
            }
            if (process.HasExited)
            {
                throw new DataLocalException($"{name} exited with code {process.ExitCode} while starting: {StartFailure(process, logFile)} (log: {logFile})");
            }
            if (deadline.Elapsed > StartTimeout)
            {
                throw new DataLocalException($"{name} did not start listening within {StartTimeout.TotalSeconds} s (log: {logFile})");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitForDatanodesAsync(string namenodeAddress, string token, string? caFile, int expected, CancellationToken cancellationToken)
    {
        using var client = new DataLocalClient(namenodeAddress, new DataLocalClientOptions { Token = token, TlsCaFile = caFile });
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var report = await client.GetClusterReportAsync(cancellationToken).ConfigureAwait(false);
            // Registered is not enough: until its block report arrives, a node's replicas are unknown
            // and a read right after `cluster start` could find a file with no live replica.
            // A refused or wrong address will not heal: fail at once. A silent one may be a datanode still
            // starting on a busy machine: the namenode probes it again every few seconds, so keep waiting.
            var unreachable = report.Datanodes.Where(d => d.State == "live" && !d.Reachable).ToList();
            if (unreachable.FirstOrDefault(d => !(d.UnreachableReason ?? string.Empty).StartsWith(ReachabilityProbe.NoAnswerPrefix, StringComparison.Ordinal)) is { } refused)
            {
                throw new DataLocalException($"the namenode cannot reach datanode {refused.NodeId} at {refused.Address}: {refused.UnreachableReason}; check --advertise");
            }
            if (deadline.Elapsed > StartTimeout && unreachable.FirstOrDefault() is { } silent)
            {
                throw new DataLocalException($"the namenode cannot reach datanode {silent.NodeId} at {silent.Address}: {silent.UnreachableReason}; check --advertise");
            }
            if (report.ReportedCount >= expected && unreachable.Count == 0)
            {
                return;
            }
            if (deadline.Elapsed > StartTimeout)
            {
                throw new DataLocalException($"only {report.LiveCount} of {expected} datanodes registered within {StartTimeout.TotalSeconds} s");
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    // Every name a role of this machine is called by: loopback, this machine's name, the bound address
    // and the advertised host (for 0.0.0.0, the address datanodes advertise by default).
    private static string[] CertificateHosts(LocalClusterSettings settings)
    {
        var bind = NodeAddresses.ResolveBind(settings.Bind, "--bind");
        var advertised = settings.Advertise ?? NodeAddresses.DefaultAdvertised(bind);
        return ["localhost", "127.0.0.1", "::1", Environment.MachineName, settings.Bind, advertised];
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    // A role that fails to start says why in one line on its standard error, which is ours (a pipe)
    // until it starts logging to files; a crash after that lands in its .out file.
    private static string StartFailure(Process process, string logFile)
    {
        try
        {
            var lines = process.StandardError.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var outputFile = Commands.RoleLogging.OutputFileFor(logFile);
            if (lines.Count == 0 && File.Exists(outputFile))
            {
                lines = [.. File.ReadLines(outputFile).Select(l => l.Trim()).Where(l => l.Length > 0)];
            }
            return lines.Count > 0 ? lines[^1] : "(it printed nothing)";
        }
        catch (IOException)
        {
            return "(its output is unreadable)";
        }
    }
}
