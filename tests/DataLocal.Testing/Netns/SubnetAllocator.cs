using System.Net;
using System.Net.Sockets;

namespace DataLocal.Testing.Netns;

/// <summary>
/// Picks a /24 under 10.77.0.0/16 that no address or route on this machine overlaps, so the
/// bridge never shadows a real network, and so two test runs at once get different subnets.
/// </summary>
public static class SubnetAllocator
{
    private const string LockFile = "/tmp/datalocal-netns.lock";

    /// <summary>
    /// Holds a machine-wide lock while <paramref name="claim"/> puts an address of the chosen
    /// subnet on a link: until then another run would see the same subnet as free.
    /// </summary>
    public static T Claim<T>(Func<IPAddress, T> claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var held = AcquireLock();
        var used = UsedNetworks();
        for (var third = 0; third < 256; third++)
        {
            var candidate = new IPAddress([10, 77, (byte)third, 0]);
            if (!used.Any(u => Overlaps(u.Network, u.PrefixLength, candidate, 24)))
            {
                return claim(candidate);
            }
        }
        throw new NetnsException("every /24 in 10.77.0.0/16 is already in use on this machine");
    }

    private static FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Linux, honoured by every .NET process.
                return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20); // another run is choosing its subnet; it holds the lock for milliseconds
            }
        }
    }

    private static List<(IPAddress Network, int PrefixLength)> UsedNetworks()
    {
        var used = new List<(IPAddress, int)>();
        // Addresses: "2: eth0    inet 192.0.2.2/24 brd ..."; routes: "10.1.0.0/16 dev x ..." or "192.0.2.7 via ...".
        foreach (var line in SystemCommand.Run("ip", "-4", "-o", "addr", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var inet = Array.IndexOf(fields, "inet");
            if (inet >= 0 && inet + 1 < fields.Length && TryParseCidr(fields[inet + 1], out var network))
            {
                used.Add(network);
            }
        }
        foreach (var line in SystemCommand.Run("ip", "-4", "route", "show", "table", "all").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var first = line.Split(' ', StringSplitOptions.RemoveEmptyEntries) switch
            {
                [var type, var destination, ..] when type is "local" or "broadcast" or "unicast" or "unreachable" or "blackhole" => destination,
                [var destination, ..] => destination,
                _ => "default",
            };
            // The default route covers everything and is no network of its own.
            if (first != "default" && TryParseCidr(first, out var network) && network.PrefixLength > 0)
            {
                used.Add(network);
            }
        }
        return used;
    }

    private static bool TryParseCidr(string text, out (IPAddress Network, int PrefixLength) network)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var prefix = 32;
        if (IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address) && address.AddressFamily == AddressFamily.InterNetwork
            && (slash < 0 || int.TryParse(text.AsSpan(slash + 1), out prefix)))
        {
            network = (address, prefix);
            return true;
        }
        network = default;
        return false;
    }

    internal static bool Overlaps(IPAddress a, int aPrefix, IPAddress b, int bPrefix)
    {
        var prefix = Math.Min(aPrefix, bPrefix);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (ToUInt32(a) & mask) == (ToUInt32(b) & mask);
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }
}
