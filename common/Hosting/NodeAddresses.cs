using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DataLocal.Common.Hosting;

/// <summary>
/// Turns what users type for --bind and --advertise into addresses, and bound endpoints into URLs
/// other processes can connect to. One place, so every role spells and checks addresses alike.
/// </summary>
public static class NodeAddresses
{
    /// <summary>The address to listen on: an IP literal, or a hostname (e.g. localhost) resolved once, here.</summary>
    public static IPAddress ResolveBind(string host, string option)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }
        return Resolve(host, option, "give an IP address of this machine, or 0.0.0.0 for every interface");
    }

    /// <summary>Checks a host a node advertises to others: it must resolve and must not be a wildcard such as 0.0.0.0.</summary>
    public static string CheckAdvertised(string host, string option)
    {
        var address = IPAddress.TryParse(host, out var literal)
            ? literal
            : Resolve(host, option, "give the hostname or IP address other hosts reach this node at");
        if (IsWildcard(address))
        {
            throw new NetworkAddressException($"{option} {host}: a wildcard address cannot be connected to; give the hostname or IP address other hosts reach this node at");
        }
        return host;
    }

    public static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>
    /// The host to advertise when none is given: the bound address itself, or for a wildcard bind
    /// this machine's first non-loopback IPv4 address (Spark's choice), else loopback.
    /// </summary>
    public static string DefaultAdvertised(IPAddress bound) =>
        !IsWildcard(bound) ? bound.ToString() : (FirstNonLoopbackIPv4() ?? IPAddress.Loopback).ToString();

    /// <summary>This machine's first up, non-loopback IPv4 address; null when it has none.</summary>
    public static IPAddress? FirstNonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    /// <summary>
    /// A URL for a bound endpoint that a process on this machine can connect to: a wildcard bind is
    /// reached through loopback, since 0.0.0.0 names no host to connect to.
    /// </summary>
    public static string LocalUrl(IPEndPoint bound, bool tls = false)
    {
        var host = bound.Address switch
        {
            var a when a.Equals(IPAddress.Any) => IPAddress.Loopback,
            var a when a.Equals(IPAddress.IPv6Any) => IPAddress.IPv6Loopback,
            var a => a,
        };
        return Url(host.ToString(), bound.Port, tls);
    }

    /// <summary>http://host:port (https:// with <paramref name="tls"/>), with an IPv6 literal in brackets.</summary>
    public static string Url(string host, int port, bool tls = false)
    {
        var bracketed = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        var scheme = tls ? "https" : "http";
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{bracketed}:{port}");
    }

    private static IPAddress Resolve(string host, string option, string hint)
    {
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new NetworkAddressException($"{option} {host}: the name resolves to no address; {hint}");
        }
        catch (SocketException ex)
        {
            throw new NetworkAddressException($"{option} {host}: cannot resolve this name ({ex.Message}); {hint}", ex);
        }
    }
}
