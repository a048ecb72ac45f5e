using System.Net;

namespace DataLocal.Testing.Netns;

/// <summary>
/// Separate network hosts on one machine: a bridge with an address of its own (so the test
/// process, in the root namespace, reaches every host) and one namespace per host, on a /24 no
/// other network here uses. Everything it creates is named with a per-run prefix and is removed
/// by <see cref="Dispose"/>, by process exit, or, after a crash, by the next run's start.
/// </summary>
public sealed class NetnsNetwork : IDisposable
{
    private readonly List<NetnsHost> _hosts = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    private NetnsNetwork(string runId, string bridge, IPAddress subnet)
    {
        RunId = runId;
        Bridge = bridge;
        Subnet = subnet;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public string RunId { get; }

    public string Bridge { get; }

    /// <summary>The subnet's network address (x.y.z.0; the bridge is .1, hosts .2 onwards).</summary>
    public IPAddress Subnet { get; }

    /// <summary>The bridge's address, the test process's address on this network.</summary>
    public IPAddress Gateway => WithLastByte(1);

    public IReadOnlyList<NetnsHost> Hosts => _hosts;

    /// <summary>Creates the bridge; throws <see cref="NetnsException"/> (with the reason) where namespaces cannot be made.</summary>
    public static NetnsNetwork Create()
    {
        if (NetnsSupport.UnavailableReason is { } reason)
        {
            throw new NetnsException(reason);
        }
        NetnsNames.RemoveLeftovers();
        var runId = NetnsNames.NewRunId();
        var bridge = NetnsNames.Bridge(runId);
        return SubnetAllocator.Claim(subnet =>
        {
            SystemCommand.Run("ip", "link", "add", bridge, "type", "bridge");
            var network = new NetnsNetwork(runId, bridge, subnet);
            try
            {
                SystemCommand.Run("ip", "link", "set", bridge, "alias", NetnsNames.Alias);
                SystemCommand.Run("ip", "addr", "add", network.Gateway + "/24", "dev", bridge);
                SystemCommand.Run("ip", "link", "set", bridge, "up");
                return network;
            }
            catch
            {
                network.Dispose();
                throw;
            }
        });
    }

    /// <summary>Adds a host named <paramref name="name"/> with the next free address.</summary>
    public NetnsHost AddHost(string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_hosts.Count >= 250)
            {
                throw new NetnsException("a /24 holds at most 250 hosts here");
            }
            var index = _hosts.Count;
            var host = NetnsHost.Create(name, NetnsNames.Namespace(RunId, name), NetnsNames.Veth(RunId, index), Bridge, WithLastByte(index + 2));
            _hosts.Add(host);
            return host;
        }
    }

    public NetnsHost Host(string name) => _hosts.Single(h => h.Name == name);

    /// <summary>
    /// Shapes every host's link to <paramref name="rate"/> and, unless unlimited, times a transfer
    /// between the first two hosts: returns the measured bits per second, and throws if it is not
    /// within <see cref="BandwidthProbe.Tolerance"/> of the rate, so nothing measures on a network
    /// other than the one it asked for.
    /// </summary>
    public async Task<double?> ShapeAsync(LinkRate rate)
    {
        foreach (var host in _hosts)
        {
            host.Shape(rate);
        }
        if (!rate.IsLimited)
        {
            return null;
        }
        if (_hosts.Count < 2)
        {
            throw new NetnsException("verifying a shaped rate needs two hosts to time a transfer between");
        }
        return await BandwidthProbe.VerifyAsync(_hosts[0], _hosts[1], rate).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        // Processes first: a namespace with processes in it outlives `ip netns del`.
        foreach (var host in _hosts)
        {
            host.KillProcesses();
            SystemCommand.TryRun("ip", "link", "del", host.RootLink); // takes the peer inside with it
            SystemCommand.TryRun("ip", "netns", "del", host.Namespace);
        }
        SystemCommand.TryRun("ip", "link", "del", Bridge);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private IPAddress WithLastByte(int last)
    {
        var bytes = Subnet.GetAddressBytes();
        bytes[3] = (byte)last;
        return new IPAddress(bytes);
    }
}
