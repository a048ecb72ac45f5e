using System.Globalization;
using DataLocal.Testing;
using DataLocal.Testing.Netns;
using Xunit.Abstractions;

namespace DataLocal.Tests.Netns;

/// <summary>The harness itself: hosts reach each other, it leaves nothing behind, and it shapes links to the rate asked for.</summary>
[Collection(NetnsDefinition.Name)]
public sealed class NetnsHarnessTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Dispose_AfterHostsWithRunningProcesses_LeavesNoNamespaceLinkOrProcess()
    {
        NetnsDefinition.SkipUnlessAvailable();
        var network = NetnsNetwork.Create();
        var a = network.AddHost("a");
        network.AddHost("b");
        // A process that would run for ever if the harness forgot it.
        using var sleeper = a.Start("sleep", "600");
        await Eventually.TrueAsync(() => a.ProcessIds().Contains(sleeper.Id), "the process to run inside the host");

        network.Dispose();

        Assert.True(sleeper.HasExited);
        Assert.DoesNotContain(network.RunId, SystemCommand.Run("ip", "netns", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain(network.RunId, SystemCommand.Run("ip", "-o", "link", "show"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Create_LeftoversOfARunWhoseProcessDied_Removed()
    {
        NetnsDefinition.SkipUnlessAvailable();
        // What a crashed run leaves: a namespace and a bridge owned by a process that no longer exists.
        var deadOwner = DeadProcessId();
        var leftoverNamespace = $"{NetnsNames.NamespacePrefix}{deadOwner}-abcdef-dn0";
        var leftoverBridge = $"{NetnsNames.LinkPrefix}abcdef";
        SystemCommand.Run("ip", "netns", "add", leftoverNamespace);
        SystemCommand.Run("ip", "link", "add", leftoverBridge, "type", "bridge");
        SystemCommand.Run("ip", "link", "set", leftoverBridge, "alias", $"datalocal-netns owner={deadOwner}");
        try
        {
            using var network = NetnsNetwork.Create();

            Assert.DoesNotContain(leftoverNamespace, SystemCommand.Run("ip", "netns", "list"), StringComparison.Ordinal);
            Assert.False(Directory.Exists($"/sys/class/net/{leftoverBridge}"));
            Assert.True(Directory.Exists($"/sys/class/net/{network.Bridge}"));
        }
        finally
        {
            SystemCommand.TryRun("ip", "netns", "del", leftoverNamespace);
            SystemCommand.TryRun("ip", "link", "del", leftoverBridge);
        }
    }

    [SkippableFact]
    public async Task Shape_100Mbit_TransferBetweenTwoHostsWithin15Percent()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var network = NetnsNetwork.Create();
        var a = network.AddHost("a");
        var b = network.AddHost("b");

        var verified = await network.ShapeAsync(LinkRate.Mbit100);
        // Measured again, the other way: both ends of each veth are shaped.
        var back = await BandwidthProbe.MeasureAsync(b, a, 20_000_000);

        Assert.NotNull(verified);
        Assert.InRange(verified.Value, 85e6, 115e6);
        Assert.InRange(back, 85e6, 115e6);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shaped 100 Mbit/s: measured {verified.Value / 1e6:0.0} Mbit/s a->b, {back / 1e6:0.0} Mbit/s b->a"));
    }

    [SkippableFact]
    public async Task Measure_Unshaped_FarAbove100Mbit()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var network = NetnsNetwork.Create();
        var a = network.AddHost("a");
        var b = network.AddHost("b");

        var rate = await BandwidthProbe.MeasureAsync(a, b, 64L << 20);

        // Proves the shaped test measures the shaping, not a slow path that happens to be near 100 Mbit/s.
        Assert.True(rate > 300e6, $"{rate / 1e6:0} Mbit/s unshaped");
    }

    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }
}
