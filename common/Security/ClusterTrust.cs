using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DataLocal.Common.Security;

/// <summary>
/// Whom a process trusts when it calls a cluster port: with TLS on, only certificates issued by the
/// cluster's own CA (never the system store, which would let any public CA vouch for a datanode) and
/// issued for the host called. A process that trusts a CA never speaks plaintext: every address it
/// calls is upgraded to https, so a datanode advertising http:// still gets TLS.
/// </summary>
public sealed class ClusterTrust
{
    private readonly X509Certificate2Collection _authorities;

    private ClusterTrust(X509Certificate2Collection authorities, string? caFile)
    {
        _authorities = authorities;
        CaFile = caFile;
    }

    /// <summary>No TLS: calls go as their address says (http:// in plaintext), as before TLS existed.</summary>
    public static ClusterTrust Plaintext { get; } = new([], null);

    public bool Enabled => _authorities.Count > 0;

    /// <summary>The PEM file the CA came from, for messages.</summary>
    public string? CaFile { get; }

    /// <summary>Trusts the CA certificate(s) in a PEM file; an empty path means <see cref="Plaintext"/>.</summary>
    public static ClusterTrust FromCaFile(string? caFile)
    {
        if (string.IsNullOrEmpty(caFile))
        {
            return Plaintext;
        }
        if (!File.Exists(caFile))
        {
            throw new FileNotFoundException($"CA file {caFile} does not exist");
        }
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidDataException($"CA file {caFile} is not a PEM certificate: {ex.Message}", ex);
        }
        return authorities.Count > 0 ? new ClusterTrust(authorities, caFile) : throw new InvalidDataException($"CA file {caFile} holds no PEM certificate");
    }

    /// <summary>The address to call: https when TLS is on, whatever scheme it was advertised with.</summary>
    public string Secure(string address) =>
        Enabled && address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + address["http://".Length..] : address;

    /// <summary>A handler whose TLS connections accept only this trust's certificates; null when TLS is off.</summary>
    public SocketsHttpHandler? CreateHandler() => !Enabled ? null : new SocketsHttpHandler
    {
        // As gRPC's own default handler: more streams than one connection allows open another.
        EnableMultipleHttp2Connections = true,
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
    };

    /// <summary>
    /// Accepts a certificate chaining to the cluster CA alone and naming the host called. A refusal
    /// throws <see cref="UntrustedCertificateException"/> rather than returning false, so the caller's
    /// error carries the reason in one line.
    /// </summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = (sender as SslStream)?.TargetHostName ?? "the server";
        if (certificate is null)
        {
            throw new UntrustedCertificateException($"TLS: {host} presented no certificate");
        }
        using var presented = new X509Certificate2(certificate);
        var problem = Problem(presented, host, errors);
        if (problem is not null)
        {
            throw new UntrustedCertificateException($"TLS: the certificate of {host} ({presented.Subject}) {problem}");
        }
        return problem is null;
    }

    private string? Problem(X509Certificate2 presented, string host, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        // A local CA publishes no revocation list.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(presented))
        {
            var statuses = chain.ChainStatus.Select(s => s.Status).Aggregate(X509ChainStatusFlags.NoError, (a, b) => a | b);
            if ((statuses & X509ChainStatusFlags.NotTimeValid) != 0)
            {
                return presented.NotAfter < DateTime.Now
                    ? $"expired on {presented.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC"
                    : $"is not valid before {presented.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
            }
            if ((statuses & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            {
                return $"was issued by {presented.Issuer}, not by the cluster CA in {CaFile}";
            }
            return $"is not valid: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()))}";
        }
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"is not issued for {host}";
        }
        return null;
    }
}
