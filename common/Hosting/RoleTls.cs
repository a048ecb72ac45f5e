using System.Security.Cryptography.X509Certificates;
using DataLocal.Common.Security;

namespace DataLocal.Common.Hosting;

/// <summary>
/// A role's TLS settings, checked together at start-up: its certificate and key (served on every port)
/// and the cluster CA (which the certificates of the nodes it calls must chain to). All three or none:
/// a node serving TLS but calling its peers in plaintext, or the reverse, would leave half the traffic bare.
/// </summary>
public sealed record RoleTls(X509Certificate2? Certificate, ClusterTrust Trust)
{
    public static RoleTls Off { get; } = new(null, ClusterTrust.Plaintext);

    public bool Enabled => Certificate is not null;

    /// <summary>Loads the files; throws <see cref="InvalidSettingException"/> naming the flag at fault.</summary>
    public static RoleTls Load(string certificateFile, string keyFile, string caFile)
    {
        string[] given = [certificateFile, keyFile, caFile];
        if (given.All(string.IsNullOrEmpty))
        {
            return Off;
        }
        if (given.Any(string.IsNullOrEmpty))
        {
            throw new InvalidSettingException("TLS needs all of --tls-cert, --tls-key and --tls-ca (PEM files: this node's certificate, its private key, the cluster CA)");
        }
        var certificate = Read(() => ServerCertificate.Load(certificateFile, keyFile), "--tls-cert/--tls-key");
        var trust = Read(() => ClusterTrust.FromCaFile(caFile), "--tls-ca");
        return new RoleTls(certificate, trust);
    }

    private static T Read<T>(Func<T> read, string flag)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is SecretFileException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException($"{flag}: {ex.Message}", ex);
        }
    }
}
