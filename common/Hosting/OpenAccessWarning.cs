using System.Net;

namespace DataLocal.Common.Hosting;

/// <summary>
/// The warning a node prints when it listens beyond loopback without TLS. Every call is authenticated,
/// but then tokens and data cross the network in plaintext, so whoever can watch the network can take
/// a token and replay it; users must know before they open the ports. With TLS there is nothing to warn of.
/// </summary>
public static class OpenAccessWarning
{
    /// <summary>The one-line warning for a node bound to <paramref name="address"/>, or null on loopback where only this machine can connect, or with <paramref name="tls"/>.</summary>
    public static string? For(string role, IPAddress address, IEnumerable<int> ports, bool tls = false)
    {
        if (tls || IPAddress.IsLoopback(address))
        {
            return null;
        }
        var portList = string.Join(", ", ports);
        return $"warning: {role} listening on {address} (ports {portList}) without TLS: tokens and data cross the network unencrypted, and anyone who can watch it can replay a token to read and change the data; allow only trusted hosts and networks";
    }
}
