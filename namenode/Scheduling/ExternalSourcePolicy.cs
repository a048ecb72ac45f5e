using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using DataLocal.NameNode.Datanodes;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Which URLs a job may read with FROM 'http(s)://…'. The namenode and every datanode fetch what a
/// query names, so without a rule anyone who can submit a job could make them fetch addresses on
/// their own host or private network (a cloud machine's metadata endpoint, an admin page bound to
/// loopback). External sources are off unless the operator lists URL prefixes
/// (<see cref="NameNodeOptions.AllowExternal"/>). A URL under a prefix is still refused when its host
/// resolves to a loopback, link-local, private or cluster address (a name pointed inward), unless the
/// prefix gives that address itself as its host (--allow-external http://10.1.2.3/).
/// </summary>
public sealed class ExternalSourcePolicy(IOptions<NameNodeOptions> options, DatanodeRegistry registry)
{
    /// <summary>
    /// Throws <see cref="InvalidQueryException"/> saying why, unless the URL may be read; returns the
    /// addresses its host was checked at, the only ones the namenode and executors then connect to
    /// (<see cref="DataLocal.Common.Net.PinnedHttp"/>), so a later DNS answer cannot redirect a fetch.
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidQueryException($"FROM {url}: not an http:// or https:// URL");
        }
        if (uri.UserInfo.Length > 0)
        {
            throw new InvalidQueryException($"FROM {url}: credentials in a URL are not accepted");
        }
        var prefixes = options.Value.AllowExternal.Select(UrlPrefix.Parse).ToList();
        if (prefixes.Count == 0)
        {
            throw new InvalidQueryException(
                $"FROM {url}: external sources are off on this cluster; start the namenode with --allow-external {uri.Scheme}://{uri.Authority}/ to allow that host");
        }
        var prefix = prefixes.FirstOrDefault(p => p.Matches(uri))
            ?? throw new InvalidQueryException($"FROM {url}: not under any allowed prefix ({string.Join(", ", options.Value.AllowExternal)}); the namenode's --allow-external lists them");
        var addresses = await ResolveAsync(uri, url, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            if (Internal(address) is { } what && !prefix.IsAddress(address))
            {
                throw new InvalidQueryException(
                    $"FROM {url}: {uri.Host} is {what} ({address}), which jobs may read only under an --allow-external prefix giving that address itself, e.g. {uri.Scheme}://{address}/");
            }
        }
        return addresses;
    }

    private static async Task<IPAddress[]> ResolveAsync(Uri uri, string url, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal))
        {
            return [literal];
        }
        try
        {
            return await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new InvalidQueryException($"FROM {url}: cannot resolve {uri.Host} ({ex.Message})", ex);
        }
    }

    // What makes an address off limits, or null when it is an ordinary public one.
    private string? Internal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return "not a single host";
        }
        if (address.IsIPv6LinkLocal || InRange(address, "169.254.0.0", 16))
        {
            return "a link-local address (where cloud machines serve their metadata)";
        }
        if (address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || InRange(address, "10.0.0.0", 8) || InRange(address, "172.16.0.0", 12)
            || InRange(address, "192.168.0.0", 16) || InRange(address, "100.64.0.0", 10) || InRange(address, "0.0.0.0", 8))
        {
            return "a private address";
        }
        if (ClusterAddresses().Contains(address))
        {
            return "an address of this cluster";
        }
        return null;
    }

    // This machine's interfaces (the namenode's own) and every datanode's advertised address.
    private HashSet<IPAddress> ClusterAddresses()
    {
        var addresses = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .ToHashSet();
        foreach (var node in registry.AllNodes())
        {
            if (Uri.TryCreate(node.Address, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.DnsSafeHost, out var ip))
            {
                addresses.Add(ip);
            }
        }
        return addresses;
    }

    private static bool InRange(IPAddress address, string network, int bits)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
        var start = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(network).GetAddressBytes());
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (value & mask) == (start & mask);
    }
}
