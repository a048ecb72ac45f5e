using DataLocal.Client;
using DataLocal.Common.Security;
using DataLocal.DataNode;
using DataLocal.DataNode.Hosting;
using DataLocal.DataNode.Storage;
using DataLocal.NameNode;
using DataLocal.NameNode.Hosting;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.Testing;

/// <summary>
/// A whole cluster in the test process (HDFS's MiniDFSCluster): a namenode and N datanodes on
/// ephemeral loopback ports, real gRPC, real files in a temporary directory, real LiteDB. The
/// configure callbacks can bind nodes elsewhere (0.0.0.0, this machine's own address) and give
/// each datanode its own advertised address.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly Action<NameNodeOptions>? _configureNameNode;
    private readonly Action<int, DataNodeOptions>? _configureDataNode;
    private readonly Action<ILoggingBuilder> _configureLogging;
    private int _nameNodePort;
    private string _adminTokenFile = string.Empty;

    private InProcessCluster(string root, Action<NameNodeOptions>? configureNameNode, Action<int, DataNodeOptions>? configureDataNode, Action<ILoggingBuilder>? configureLogging)
    {
        _configureLogging = configureLogging ?? Quiet;
        Root = root;
        _configureNameNode = configureNameNode;
        _configureDataNode = configureDataNode;
    }

    public string Root { get; }

    public NameNodeHost NameNode { get; private set; } = null!;

    /// <summary>Datanodes by index; a stopped one is null until restarted.</summary>
    public List<DataNodeHost?> DataNodes { get; } = [];

    public string NameNodeAddress => NameNode.RpcAddress;

    public static async Task<InProcessCluster> StartAsync(
        int datanodes = 3,
        int replication = 2,
        Action<NameNodeOptions>? configureNameNode = null,
        Action<DataNodeOptions>? configureDataNode = null,
        Action<int, DataNodeOptions>? configureDataNodeAt = null,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "datalocal-tests", Guid.NewGuid().ToString("N")[..12]);
        var cluster = new InProcessCluster(root, o =>
        {
            o.DefaultReplication = replication;
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            o.DeadNodeTimeout = TimeSpan.FromSeconds(3);
            configureNameNode?.Invoke(o);
        }, (index, o) =>
        {
            configureDataNode?.Invoke(o);
            configureDataNodeAt?.Invoke(index, o);
        }, configureLogging);
        await cluster.StartNameNodeAsync().ConfigureAwait(false);
        for (var i = 0; i < datanodes; i++)
        {
            cluster.DataNodes.Add(null);
            await cluster.StartDataNodeAsync(i).ConfigureAwait(false);
        }
        await cluster.WaitForLiveDataNodesAsync(datanodes).ConfigureAwait(false);
        return cluster;
    }

    /// <summary>A client holding the first admin's token (made by the namenode on its first start).</summary>
    public DataLocalClient CreateClient() => CreateClient(AdminToken);

    /// <summary>A client presenting <paramref name="token"/> (null: none at all).</summary>
    public DataLocalClient CreateClient(string? token) => new(NameNodeAddress, new DataLocalClientOptions { Token = token, TlsCaFile = TlsCaFile });

    /// <summary>The CA the namenode's options name when the cluster runs TLS (its clients trust it), else null.</summary>
    public string? TlsCaFile { get; private set; }

    /// <summary>Whom this cluster's clients trust: its CA with TLS on, plaintext otherwise.</summary>
    public ClusterTrust Trust => ClusterTrust.FromCaFile(TlsCaFile);

    /// <summary>The namenode's cluster secret file, which the datanodes are given.</summary>
    public string ClusterSecretFile { get; private set; } = string.Empty;

    /// <summary>The secret datanodes and the namenode present to each other, for tests that call them as a cluster member would.</summary>
    public string ClusterSecret => SecretFile.Read(ClusterSecretFile);

    /// <summary>The token of the admin user the namenode created on its first start.</summary>
    public string AdminToken => SecretFile.Read(_adminTokenFile);

    /// <summary>An HTTP client for the namenode's status pages, sending the admin token.</summary>
    public HttpClient CreateStatusClient()
    {
        var http = Trust.CreateHandler() is { } handler ? new HttpClient(handler) : new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    /// <summary>
    /// Registers a datanode by the gRPC call alone, as any holder of the cluster secret could: no process
    /// behind it, so it never heartbeats. For tests of what the namenode makes of a member's own words.
    /// </summary>
    public async Task RegisterBareDatanodeAsync(string nodeId, string rack, string address = "http://127.0.0.1:1")
    {
        using var channel = CredentialChannel.For(NameNodeAddress, ClusterSecret, trust: Trust);
        await new DatanodeNamenode.DatanodeNamenodeClient(channel).RegisterAsync(new RegisterRequest
        {
            NodeId = nodeId, Address = address, Rack = rack, CapacityBytes = 1, RemainingBytes = 1,
        }).ConfigureAwait(false);
    }

    /// <summary>The owner-only file holding <see cref="AdminToken"/>, for the CLI's --token-file.</summary>
    public string AdminTokenFile => _adminTokenFile;

    /// <summary>The CLI arguments that reach this cluster as its admin.</summary>
    public string[] CliConnection => TlsCaFile is null
        ? ["--namenode", NameNodeAddress, "--token-file", _adminTokenFile]
        : ["--namenode", NameNodeAddress, "--token-file", _adminTokenFile, "--tls-ca", TlsCaFile];

    /// <summary>A block token the namenode would issue to the admin, for tests that speak to datanodes directly.</summary>
    public BlockToken IssueBlockToken(long blockId, long generationStamp, params BlockAccessMode[] modes) =>
        NameNode.Services.GetRequiredService<BlockTokenKeys>().Issue("admin", blockId, generationStamp, modes);

    public BlockStore BlockStoreOf(int index) => DataNodes[index]!.Services.GetRequiredService<BlockStore>();

    /// <summary>The block store of the running datanode with this id.</summary>
    public BlockStore BlockStoreOf(string nodeId) =>
        Enumerable.Range(0, DataNodes.Count).Where(i => DataNodes[i] is not null).Select(BlockStoreOf).Single(s => s.NodeId == nodeId);

    public string DataNodeDirectory(int index) => Path.Combine(Root, $"datanode-{index}");

    public async Task StartDataNodeAsync(int index)
    {
        var options = new DataNodeOptions
        {
            NameNodeAddress = NameNodeAddress,
            Directory = DataNodeDirectory(index),
            Port = 0,
            HttpPort = 0,
            ClusterSecretFile = ClusterSecretFile,
        };
        _configureDataNode?.Invoke(index, options);
        DataNodes[index] = await DataNodeHost.StartAsync(options, _configureLogging).ConfigureAwait(false);
    }

    /// <summary>Stops a datanode abruptly: its connections are cut, its files stay on disk.</summary>
    public async Task StopDataNodeAsync(int index)
    {
        var node = DataNodes[index] ?? throw new InvalidOperationException($"datanode {index} is not running");
        DataNodes[index] = null;
        await node.DisposeAsync().ConfigureAwait(false);
    }

    public async Task RestartNameNodeAsync()
    {
        await StopNameNodeAsync().ConfigureAwait(false);
        await StartNameNodeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the namenode; <see cref="StartNameNodeAsync"/> brings it back on the same port and directory.</summary>
    public async Task StopNameNodeAsync() => await NameNode.DisposeAsync().ConfigureAwait(false);

    public async Task WaitForLiveDataNodesAsync(int count)
    {
        using var client = CreateClient();
        // Reachable too: on a loaded machine a probe can time out, and until the recheck a node gets no replicas.
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync().ConfigureAwait(false)) is var report
                && report.ReportedCount == count && report.Datanodes.All(d => d.State != "live" || d.Reachable),
            $"{count} live, reachable datanodes with their block reports in").ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every live datanode has heartbeated twice from now, so any command the namenode
    /// handed out in a heartbeat reply (a deletion, a copy) has been received and carried out.
    /// Lets a test assert that something did NOT happen without sleeping.
    /// </summary>
    public async Task WaitForHeartbeatsAsync()
    {
        var interval = NameNode.Services.GetRequiredService<IOptions<NameNodeOptions>>().Value.HeartbeatInterval;
        var since = DateTimeOffset.UtcNow + (2 * interval);
        using var client = CreateClient();
        await Eventually.TrueAsync(async () =>
        {
            var report = await client.GetClusterReportAsync().ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            return report.Datanodes.Where(d => d.State == "live").All(d => now - d.SinceLastHeartbeat > since);
        }, "two heartbeats from every live datanode").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in DataNodes.OfType<DataNodeHost>())
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
        await NameNode.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless; never fail a test over cleanup.
        }
    }

    public async Task StartNameNodeAsync()
    {
        var options = new NameNodeOptions
        {
            Directory = Path.Combine(Root, "namenode"),
            // A restarted namenode comes back on the same port, so running datanodes find it again.
            Port = _nameNodePort,
            HttpPort = 0,
        };
        _configureNameNode?.Invoke(options);
        ClusterSecretFile = options.ClusterSecretPath;
        _adminTokenFile = options.AdminTokenPath;
        TlsCaFile = string.IsNullOrEmpty(options.TlsCaFile) ? null : options.TlsCaFile;
        NameNode = await NameNodeHost.StartAsync(options, _configureLogging).ConfigureAwait(false);
        _nameNodePort = new Uri(NameNode.RpcAddress).Port;
    }

    private static void Quiet(ILoggingBuilder logging) => logging.ClearProviders();
}
