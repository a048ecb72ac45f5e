using System.Globalization;

namespace DataLocal.Testing.Netns;

/// <summary>
/// Limits a link's egress with a token bucket filter (`tc qdisc ... tbf`; netem is not in every
/// kernel, tbf is). A host is shaped on both ends of its veth, so what it sends and what it
/// receives are each limited, as by a full-duplex NIC of that speed.
/// </summary>
public static class TrafficShaper
{
    /// <summary>Shapes <paramref name="device"/>'s egress, in <paramref name="networkNamespace"/> or the root namespace when null.</summary>
    public static void Apply(string? networkNamespace, string device, LinkRate rate)
    {
        var prefix = networkNamespace is null ? Array.Empty<string>() : ["-n", networkNamespace];
        if (rate.BitsPerSecond is not { } bits)
        {
            // Nothing to delete on a link never shaped: tc says so, and that is fine.
            SystemCommand.TryRun("tc", [.. prefix, "qdisc", "del", "dev", device, "root"]);
            return;
        }
        // The bucket holds 4 ms of traffic (at least 64 KiB, a whole GSO segment), enough that the
        // timer's granularity does not cap the rate, small enough that the first burst barely counts.
        var burst = Math.Max(64 * 1024, bits / 8 / 250);
        SystemCommand.Run("tc", [.. prefix, "qdisc", "replace", "dev", device, "root", "tbf",
            "rate", bits.ToString(CultureInfo.InvariantCulture) + "bit",
            "burst", burst.ToString(CultureInfo.InvariantCulture),
            "latency", "50ms"]);
    }
}
