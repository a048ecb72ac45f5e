namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// One entry of the namenode's --allow-external list: scheme://host[:port][/path]. A URL is under it
/// when scheme and host are the same, the port is the same (any port when the prefix gives none) and
/// its path starts with the prefix's path at a segment boundary (/data does not allow /database).
/// </summary>
public sealed class UrlPrefix
{
    private readonly Uri _uri;
    private readonly bool _anyPort;

    private UrlPrefix(Uri uri, bool anyPort)
    {
        _uri = uri;
        _anyPort = anyPort;
    }

    public static UrlPrefix Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw new InvalidQueryException($"--allow-external {text}: not an http:// or https:// URL prefix such as https://data.example.com/public/");
        }
        var authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/', '?', '#')[0];
        return new UrlPrefix(uri, anyPort: authority.LastIndexOf(':') <= authority.LastIndexOf(']'));
    }

    public bool Matches(Uri url)
    {
        if (!string.Equals(url.IdnHost, _uri.IdnHost, StringComparison.OrdinalIgnoreCase) || !string.Equals(url.Scheme, _uri.Scheme, StringComparison.OrdinalIgnoreCase) || (!_anyPort && url.Port != _uri.Port))
        {
            return false;
        }
        var path = _uri.AbsolutePath;
        return path == "/" || url.AbsolutePath == path || url.AbsolutePath.StartsWith(path.EndsWith('/') ? path : path + "/", StringComparison.Ordinal);
    }

    /// <summary>True when the prefix's host is this very IP address: the operator allowed it explicitly, private or not.</summary>
    public bool IsAddress(System.Net.IPAddress address) =>
        System.Net.IPAddress.TryParse(_uri.DnsSafeHost, out var own) && (own.Equals(address) || (address.IsIPv4MappedToIPv6 && own.Equals(address.MapToIPv4())));
}
