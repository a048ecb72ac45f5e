using System.Globalization;

namespace DataLocal.NameNode.Datanodes;

/// <summary>
/// The one spelling of a datanode's address the namenode records and hands out: http://host:port
/// (https:// for a datanode serving TLS), host lowercased, no trailing slash. The address says only how to reach a node; which node it is
/// is its persistent node id, so locality never depends on how an address is spelled.
/// </summary>
public static class CanonicalAddress
{
    /// <summary>Canonical form of an advertised address; throws <see cref="InvalidDatanodeAddressException"/> when it is not http(s)://host:port.</summary>
    public static string Canonicalize(string advertised)
    {
        var text = advertised.Trim();
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.IsDefaultPort || uri.AbsolutePath != "/" || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidDatanodeAddressException(advertised);
        }
        // Uri keeps the brackets of an IPv6 host in Host and lowercases hostnames.
        return string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.Host}:{uri.Port}");
    }

    /// <summary>True when <paramref name="typed"/> (with or without a scheme) names the host and port of <paramref name="canonical"/>.</summary>
    public static bool Matches(string typed, string canonical)
    {
        try
        {
            return HostAndPort(Canonicalize(typed)) == HostAndPort(canonical);
        }
        catch (InvalidDatanodeAddressException)
        {
            return false;
        }
    }

    // Which node an address names does not depend on whether it speaks TLS.
    private static string HostAndPort(string canonical) => canonical[(canonical.IndexOf("://", StringComparison.Ordinal) + 3)..];
}

/// <summary>A datanode advertised something that is not http(s)://host:port.</summary>
public sealed class InvalidDatanodeAddressException(string address)
    : Exception($"datanode address '{address}' is not http(s)://host:port; fix the datanode's --advertise");
