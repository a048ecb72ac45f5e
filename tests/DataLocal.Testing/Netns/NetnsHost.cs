using System.Globalization;
using System.Net;

namespace DataLocal.Testing.Netns;

/// <summary>
/// One network host: a namespace of its own with one IP address, joined to the bridge by a veth
/// pair (<see cref="RootLink"/> on the bridge's side, <c>eth0</c> inside). What runs in it sees
/// only its own address, loopback and the bridge's subnet.
/// </summary>
public sealed class NetnsHost
{
    private const string InnerLink = "eth0";

    internal NetnsHost(string name, string networkNamespace, string rootLink, IPAddress address)
    {
        Name = name;
        Namespace = networkNamespace;
        RootLink = rootLink;
        Address = address;
    }

    /// <summary>The name the test gave it ("nn", "dn0", ...).</summary>
    public string Name { get; }

    public string Namespace { get; }

    /// <summary>The bridge end of its veth: taking it down cuts the host off.</summary>
    public string RootLink { get; }

    public IPAddress Address { get; }

    public LinkRate Rate { get; private set; } = LinkRate.Unlimited;

    internal static NetnsHost Create(string name, string networkNamespace, string rootLink, string bridge, IPAddress address)
    {
        SystemCommand.Run("ip", "netns", "add", networkNamespace);
        SystemCommand.Run("ip", "link", "add", rootLink, "type", "veth", "peer", "name", InnerLink, "netns", networkNamespace);
        SystemCommand.Run("ip", "link", "set", rootLink, "alias", NetnsNames.Alias);
        SystemCommand.Run("ip", "link", "set", rootLink, "master", bridge);
        SystemCommand.Run("ip", "link", "set", rootLink, "up");
        SystemCommand.Run("ip", "-n", networkNamespace, "addr", "add", address + "/24", "dev", InnerLink);
        SystemCommand.Run("ip", "-n", networkNamespace, "link", "set", InnerLink, "up");
        // Servers bound to 127.0.0.1 inside the host (and its own health checks) need loopback.
        SystemCommand.Run("ip", "-n", networkNamespace, "link", "set", "lo", "up");
        return new NetnsHost(name, networkNamespace, rootLink, address);
    }

    /// <summary>Bytes that entered the host over its link since it was created (what the bridge side sent it).</summary>
    public long BytesIn() => LinkCounter("tx_bytes");

    /// <summary>Bytes the host sent over its link since it was created.</summary>
    public long BytesOut() => LinkCounter("rx_bytes");

    private long LinkCounter(string name) =>
        long.Parse(File.ReadAllText($"/sys/class/net/{RootLink}/statistics/{name}").Trim(), CultureInfo.InvariantCulture);

    /// <summary>Starts <paramref name="program"/> inside this host.</summary>
    public NetnsProcess Start(string program, params string[] arguments) => NetnsProcess.Start(Namespace, program, arguments);

    /// <summary>Runs <paramref name="program"/> inside this host to completion and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string program, params string[] arguments)
    {
        using var process = Start(program, arguments);
        // Process.WaitForExitAsync returns once the output pipes are drained too, so every line is in.
        var exitCode = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
        return (exitCode, string.Join('\n', process.OutputLines));
    }

    /// <summary>Limits this host's link, both directions, to <paramref name="rate"/>.</summary>
    public void Shape(LinkRate rate)
    {
        TrafficShaper.Apply(null, RootLink, rate);
        TrafficShaper.Apply(Namespace, InnerLink, rate);
        Rate = rate;
    }

    /// <summary>Takes the host's link down: it stays alive but nothing reaches it and it reaches nothing.</summary>
    public void CutOff() => SystemCommand.Run("ip", "link", "set", RootLink, "down");

    public void Reconnect() => SystemCommand.Run("ip", "link", "set", RootLink, "up");

    /// <summary>Process ids of everything running in this host.</summary>
    public IReadOnlyList<int> ProcessIds() => ProcessIdsIn(Namespace);

    /// <summary>kill -9 everything running in this host, as a host losing power, and waits until it is gone.</summary>
    public void KillProcesses() => KillProcessesIn(Namespace);

    internal static IReadOnlyList<int> ProcessIdsIn(string networkNamespace)
    {
        var (exitCode, output, _) = SystemCommand.TryRun("ip", "netns", "pids", networkNamespace);
        return exitCode != 0 ? [] : output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
    }

    internal static void KillProcessesIn(string networkNamespace)
    {
        var pids = ProcessIdsIn(networkNamespace);
        if (pids.Count == 0)
        {
            return;
        }
        SystemCommand.TryRun("kill", ["-9", .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
        Eventually.TrueAsync(() => ProcessIdsIn(networkNamespace).Count == 0, $"the processes in {networkNamespace} to die")
            .GetAwaiter().GetResult();
    }
}
