using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DataLocal.Common.Security;

/// <summary>
/// A small certificate authority for a cluster that has none: an ECDSA P-256 CA certificate that
/// issues each node a server certificate for the names and addresses it is reached by. `cluster
/// start --tls` makes one; tests make their own (and a stranger's, to be refused).
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private LocalCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new CA valid from <paramref name="notBefore"/> (now by default) for <paramref name="lifetime"/> (ten years by default).</summary>
    public static LocalCertificateAuthority Create(string name, TimeSpan? lifetime = null, DateTimeOffset? notBefore = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        return new LocalCertificateAuthority(request.CreateSelfSigned(from, from + (lifetime ?? TimeSpan.FromDays(3650))));
    }

    /// <summary>A CA kept in PEM files by <see cref="WriteTo"/>.</summary>
    public static LocalCertificateAuthority Load(string certificateFile, string keyFile) =>
        new(X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile), SecretFile.Read(keyFile)));

    /// <summary>
    /// A server certificate for <paramref name="hosts"/> (DNS names and IP literals, as SANs), valid from
    /// <paramref name="notBefore"/> to <paramref name="notAfter"/> (by default from now for a year, never past the CA).
    /// </summary>
    public X509Certificate2 Issue(string name, IEnumerable<string> hosts, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                names.AddIpAddress(ip);
            }
            else
            {
                names.AddDnsName(host);
            }
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        var to = notAfter ?? from.AddDays(365);
        var until = to < Certificate.NotAfter ? to : new DateTimeOffset(Certificate.NotAfter);
        using var issued = request.Create(Certificate, from, until, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the CA's certificate and key as PEM (see <see cref="WritePem"/>).</summary>
    public void WriteTo(string certificateFile, string keyFile) => WritePem(Certificate, certificateFile, keyFile);

    /// <summary>
    /// Writes a certificate and its private key as PEM files, both owner-only from their first byte
    /// (<see cref="SecretFile"/>), replacing any there.
    /// </summary>
    public static void WritePem(X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{certificate.Subject} has no ECDSA private key");
        Replace(certificateFile, certificate.ExportCertificatePem());
        Replace(keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    private static void Replace(string path, string text)
    {
        File.Delete(path);
        SecretFile.Create(path, text);
    }

    public void Dispose() => Certificate.Dispose();
}
