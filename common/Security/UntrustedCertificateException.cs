namespace DataLocal.Common.Security;

/// <summary>
/// A server's TLS certificate was refused: the message is one line naming the server and the
/// problem (another CA, expired, issued for another host), since the TLS stack's own words
/// ("the remote certificate was rejected by the provided callback") say neither.
/// </summary>
public sealed class UntrustedCertificateException(string message) : Exception(message)
{
    /// <summary>The certificate problem somewhere in <paramref name="exception"/>'s chain of causes, or null.</summary>
    public static UntrustedCertificateException? FindIn(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is UntrustedCertificateException found)
            {
                return found;
            }
        }
        return null;
    }
}
