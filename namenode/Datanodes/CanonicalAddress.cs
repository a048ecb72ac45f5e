using System.Globalization;

namespace DataLocal.NameNode.Datanodes;

/// <summary>
/// The one spelling of a datanode's address the namenode records and hands out: http://host:port,
/// host lowercased, no trailing slash. The address says only how to reach a node; which node it is
/// is its persistent node id, so locality never depends on how an address is spelled.
/// </summary>
public static class CanonicalAddress
{
    /// <summary>Canonical form of an advertised address; throws <see cref="InvalidDatanodeAddressException"/> when it is not http://host:port.</summary>
    public static string Canonicalize(string advertised)
    {
        var text = advertised.Trim();
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.IsDefaultPort || uri.AbsolutePath != "/" || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidDatanodeAddressException(advertised);
        }
        // Uri keeps the brackets of an IPv6 host in Host and lowercases hostnames.
        return string.Create(CultureInfo.InvariantCulture, $"http://{uri.Host}:{uri.Port}");
    }

    /// <summary>True when <paramref name="typed"/> (with or without http://) names <paramref name="canonical"/>.</summary>
    public static bool Matches(string typed, string canonical)
    {
        try
        {
            return Canonicalize(typed) == canonical;
        }
        catch (InvalidDatanodeAddressException)
        {
            return false;
        }
    }
}

/// <summary>A datanode advertised something that is not http://host:port.</summary>
public sealed class InvalidDatanodeAddressException(string address)
    : Exception($"datanode address '{address}' is not http://host:port; fix the datanode's --advertise");
