using System.Globalization;
using DataLocal.Cli.Cluster;
using DataLocal.Client;
using DataLocal.Testing;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// A namenode and datanodes as real `datalocal` processes on known ports, so a test can SIGSTOP or
/// kill -9 one and tell its task attempts by address. Disposing it resumes and kills every process,
/// whatever state a test left it in: no stopped process outlives its test.
/// </summary>
public sealed class ProcessCluster : IDisposable
{
    private readonly string _work;
    private readonly List<RoleProcess> _datanodes = [];
    private readonly List<string[]> _datanodeArguments = [];
    private readonly RoleProcess _namenode;
    private int _starts;

    private ProcessCluster(string work, RoleProcess namenode, string address, ClusterSecrets secrets)
    {
        _work = work;
        _namenode = namenode;
        Address = address;
        Secrets = secrets;
        Client = new DataLocalClient(address, new DataLocalClientOptions { Token = secrets.ReadToken() });
    }

    /// <summary>The cluster secret every process shares and the admin token the <see cref="Client"/> uses.</summary>
    public ClusterSecrets Secrets { get; }

    public string Address { get; }

    public DataLocalClient Client { get; }

    public IReadOnlyList<RoleProcess> DataNodes => _datanodes;

    /// <summary>The address datanode <paramref name="index"/> has in task attempts (their NodeAddress).</summary>
    public IReadOnlyList<string> DataNodeAddresses { get; private set; } = [];

    /// <summary>
    /// Starts the namenode with <paramref name="namenodeFlags"/> and <paramref name="namenodeEnvironment"/>,
    /// and <paramref name="datanodes"/> datanodes of <paramref name="taskSlots"/> slots each; returns once every datanode is live.
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(int datanodes, int taskSlots, string[] namenodeFlags, IReadOnlyDictionary<string, string>? namenodeEnvironment = null)
    {
        var work = Files.TempDirectory();
        var port = RoleProcess.FreePort();
        var address = $"http://127.0.0.1:{port}";
        var secrets = ClusterSecrets.Ensure(work);
        var namenode = RoleProcess.Start(namenodeEnvironment ?? new Dictionary<string, string>(), Path.Combine(work, "nn.log"),
            ["namenode", "--dir", Path.Combine(work, "nn"), "--port", Text(port), "--http-port", "0", .. secrets.NameNodeArguments, .. namenodeFlags]);
        var cluster = new ProcessCluster(work, namenode, address, secrets);
        try
        {
            var ports = Enumerable.Range(0, datanodes).Select(_ => RoleProcess.FreePort()).ToList();
            cluster.DataNodeAddresses = [.. ports.Select(p => $"http://127.0.0.1:{Text(p)}")];
            for (var i = 0; i < datanodes; i++)
            {
                cluster._datanodeArguments.Add(["datanode", "--namenode", address, "--dir", Path.Combine(work, $"dn{i}"), "--port", Text(ports[i]), "--http-port", "0", "--task-slots", Text(taskSlots), .. secrets.DataNodeArguments]);
                cluster._datanodes.Add(cluster.StartDataNode(i));
            }
            await cluster.WaitForLiveDataNodesAsync(datanodes);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>kill -9 of datanode <paramref name="index"/>, then the same datanode (directory, port) started again.</summary>
    public void RestartDataNode(int index)
    {
        _datanodes[index].KillHard();
        _datanodes[index].Dispose();
        _datanodes[index] = StartDataNode(index);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> datanodes are live and reachable: a node whose first probe went
    /// unanswered on a busy machine is live but takes no blocks until it is probed again.
    /// </summary>
    public async Task WaitForLiveDataNodesAsync(int count) =>
        await Eventually.TrueAsync(async () => await LiveCountAsync() == count, $"{count} live, reachable datanodes", TimeSpan.FromSeconds(60));

    public void Dispose()
    {
        Client.Dispose();
        _datanodes.ForEach(d => d.Dispose());
        _namenode.Dispose();
    }

    private RoleProcess StartDataNode(int index) =>
        RoleProcess.Start(Path.Combine(_work, $"dn{index}-{_starts++}.log"), _datanodeArguments[index]);

    private async Task<int> LiveCountAsync()
    {
        try
        {
            return (await Client.GetClusterReportAsync()).Datanodes.Count(d => d.State == "live" && d.Reachable);
        }
        catch (DataLocalException)
        {
            return 0;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
