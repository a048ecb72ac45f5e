using System.Net;

namespace DataLocal.Common.Hosting;

/// <summary>
/// The warning a node prints when it listens beyond loopback. DataLocal has no authentication yet,
/// so whoever can reach the port can read, change and delete the data; users must know before they open it.
/// </summary>
public static class OpenAccessWarning
{
    /// <summary>The one-line warning for a node bound to <paramref name="address"/>, or null on loopback where only this machine can connect.</summary>
    public static string? For(string role, IPAddress address, IEnumerable<int> ports)
    {
        if (IPAddress.IsLoopback(address))
        {
            return null;
        }
        var portList = string.Join(", ", ports);
        return $"warning: {role} listening on {address} (ports {portList}) without authentication: anyone who can reach these ports can read and change the data; allow only trusted hosts in your firewall";
    }
}
