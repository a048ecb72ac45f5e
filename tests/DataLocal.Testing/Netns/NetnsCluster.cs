using DataLocal.Common.Security;
using DataLocal.NameNode.Security;
using System.Globalization;
using DataLocal.Client;

namespace DataLocal.Testing.Netns;

/// <summary>
/// A DataLocal cluster of separate network hosts: the real `datalocal` executable run as a
/// namenode in host "nn" and a datanode in each host "dn0".."dnN-1", every node bound to and
/// advertising its own host's address on HDFS's default ports, plus an idle host "client" for
/// command-line clients and, when asked for, a host "store" for an external object store (nginx,
/// <see cref="StartObjectStoreAsync"/>). The test process reaches them all through the bridge.
/// </summary>
public sealed class NetnsCluster : IDisposable
{
    private const int NameNodePort = 8020;
    private const int DataNodePort = 9866;
    private readonly List<NetnsProcess> _processes = [];
    private readonly List<NginxServer> _objectStores = [];

    private NetnsCluster(NetnsNetwork network, string workDirectory, string datalocalAssembly)
    {
        Network = network;
        WorkDirectory = workDirectory;
        DataLocalAssembly = datalocalAssembly;
    }

    public NetnsNetwork Network { get; }

    /// <summary>Where node directories and logs go (kept afterwards, for a failed test's post-mortem).</summary>
    public string WorkDirectory { get; }

    public string DataLocalAssembly { get; }

    public NetnsHost NameNodeHost => Network.Host("nn");

    public NetnsHost ClientHost => Network.Host("client");

    /// <summary>The object store's host, present when the cluster was started with <c>objectStore: true</c>.</summary>
    public NetnsHost ObjectStoreHost => Network.Hosts.SingleOrDefault(h => h.Name == "store")
        ?? throw new InvalidOperationException("the cluster was started without an object store host (objectStore: true)");

    public IReadOnlyList<NetnsHost> DataNodeHosts => Network.Hosts.Where(h => h.Name.StartsWith("dn", StringComparison.Ordinal)).ToList();

    public string NameNodeAddress => $"http://{NameNodeHost.Address}:{NameNodePort}";

    /// <summary>
    /// Starts the hosts and nodes and waits until every datanode is live and reachable from the
    /// namenode. <paramref name="datalocalAssembly"/> defaults to datalocal.dll next to the caller.
    /// </summary>
    public static async Task<NetnsCluster> StartAsync(
        int datanodes = 3, int replication = 2, int taskSlots = 2, double deadNodeTimeoutSeconds = 3,
        LinkRate? rate = null, string? datalocalAssembly = null, bool objectStore = false)
    {
        var network = NetnsNetwork.Create();
        var work = Path.Combine(Path.GetTempPath(), "datalocal-tests", "netns-" + network.RunId);
        Directory.CreateDirectory(work);
        var cluster = new NetnsCluster(network, work, datalocalAssembly ?? Path.Combine(AppContext.BaseDirectory, "datalocal.dll"));
        try
        {
            network.AddHost("nn");
            network.AddHost("client");
            if (objectStore)
            {
                network.AddHost("store");
            }
            for (var i = 0; i < datanodes; i++)
            {
                network.AddHost($"dn{i}");
            }
            if (rate is { } shaped)
            {
                await network.ShapeAsync(shaped).ConfigureAwait(false);
            }
            cluster.StartNameNode(replication, deadNodeTimeoutSeconds);
            foreach (var host in cluster.DataNodeHosts)
            {
                cluster.StartDataNode(host, taskSlots);
            }
            using var client = cluster.CreateClient();
            await Eventually.TrueAsync(async () => await ReadyCountAsync(client).ConfigureAwait(false) == datanodes,
                $"{datanodes} live, reachable datanodes (logs in {work})", TimeSpan.FromSeconds(90)).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public DataLocalClient CreateClient() => new(NameNodeAddress, new DataLocalClientOptions { Token = SecretFile.Read(AdminTokenFile) });

    /// <summary>The secret the namenode and datanodes share, written (owner-only) before any of them starts.</summary>
    private string ClusterSecretFile => Path.Combine(WorkDirectory, "cluster-secret");

    /// <summary>The first admin's token, adopted by the namenode on its first start; the CLI and clients use it.</summary>
    private string AdminTokenFile => Path.Combine(WorkDirectory, "admin-token");

    /// <summary>
    /// Starts nginx on the object store host serving <paramref name="root"/>; it is stopped (and its
    /// temporary directory removed) with the cluster. Throws <see cref="NetnsException"/> when nginx
    /// is not installed or will not start.
    /// </summary>
    public async Task<NginxServer> StartObjectStoreAsync(string root, int port = NginxServer.DefaultPort)
    {
        var server = await NginxServer.StartAsync(ObjectStoreHost, root, port).ConfigureAwait(false);
        _objectStores.Add(server);
        return server;
    }

    /// <summary>The node id the namenode knows <paramref name="host"/>'s datanode by.</summary>
    public async Task<string> NodeIdOfAsync(NetnsHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var client = CreateClient();
        var report = await client.GetClusterReportAsync().ConfigureAwait(false);
        return report.Datanodes.Single(d => d.Address.StartsWith($"http://{host.Address}:", StringComparison.Ordinal)).NodeId;
    }

    /// <summary>Runs the `datalocal` command line inside <paramref name="host"/> (by default the client host).</summary>
    public Task<(int ExitCode, string Output)> RunCliAsync(NetnsHost? host, params string[] arguments) =>
        (host ?? ClientHost).RunAsync(TimeSpan.FromMinutes(2), "dotnet", [DataLocalAssembly, .. arguments, "--namenode", NameNodeAddress, "--token-file", AdminTokenFile]);

    public void Dispose()
    {
        foreach (var store in _objectStores)
        {
            store.Dispose();
        }
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        Network.Dispose();
    }

    private void StartNameNode(int replication, double deadNodeTimeoutSeconds)
    {
        var host = NameNodeHost;
        SecretFile.Create(ClusterSecretFile, SecretFile.NewSecret(ClusterSecret.Prefix));
        SecretFile.Create(AdminTokenFile, UserToken.Create());
        List<string> arguments =
        [
            DataLocalAssembly, "namenode",
            "--dir", Path.Combine(WorkDirectory, "nn"), "--bind", host.Address.ToString(),
            "--port", NameNodePort.ToString(CultureInfo.InvariantCulture), "--http-port", "9870",
            "--replication", replication.ToString(CultureInfo.InvariantCulture),
            "--dead-node-timeout", deadNodeTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            "--heartbeat-interval", (deadNodeTimeoutSeconds / 3).ToString(CultureInfo.InvariantCulture),
            "--log-file", Path.Combine(WorkDirectory, "nn.log"),
            "--cluster-secret-file", ClusterSecretFile, "--admin-token-file", AdminTokenFile,
        ];
        if (Network.Hosts.Any(h => h.Name == "store"))
        {
            // Jobs may read the object store host, and only it.
            arguments.AddRange(["--allow-external", $"http://{ObjectStoreHost.Address}/"]);
        }
        _processes.Add(host.Start("dotnet", [.. arguments]));
    }

    private void StartDataNode(NetnsHost host, int taskSlots)
    {
        _processes.Add(host.Start("dotnet", DataLocalAssembly, "datanode",
            "--namenode", NameNodeAddress, "--dir", Path.Combine(WorkDirectory, host.Name),
            "--bind", host.Address.ToString(), "--advertise", host.Address.ToString(),
            "--port", DataNodePort.ToString(CultureInfo.InvariantCulture),
            "--task-slots", taskSlots.ToString(CultureInfo.InvariantCulture),
            "--log-file", Path.Combine(WorkDirectory, host.Name + ".log"),
            "--cluster-secret-file", ClusterSecretFile));
    }

    private static async Task<int> ReadyCountAsync(DataLocalClient client)
    {
        try
        {
            var report = await client.GetClusterReportAsync().ConfigureAwait(false);
            return report.Datanodes.Count(d => d.State == "live" && d.Reachable && d.BlockReportReceived);
        }
        catch (DataLocalException)
        {
            return 0; // the namenode is still starting
        }
    }
}
