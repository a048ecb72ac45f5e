using DataLocal.Common.Security;
using DataLocal.DataNode;
using DataLocal.NameNode;

namespace DataLocal.Testing;

/// <summary>
/// A CA and one server certificate for 127.0.0.1 and localhost, as PEM files in a directory, for a
/// cluster running TLS in the test process; <see cref="Issue"/> makes more (expired, for another host,
/// from this or another CA).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public static readonly string[] LocalHosts = ["127.0.0.1", "localhost"];

    private readonly LocalCertificateAuthority _authority;

    private TestCertificates(string directory, LocalCertificateAuthority authority)
    {
        Directory = directory;
        _authority = authority;
        CaFile = Path.Combine(directory, "ca.pem");
        authority.WriteTo(CaFile, Path.Combine(directory, "ca.key"));
        (CertFile, KeyFile) = Issue("node", LocalHosts);
    }

    public string Directory { get; }

    public string CaFile { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    /// <summary>A new CA (named <paramref name="name"/>) in a new temporary directory.</summary>
    public static TestCertificates Create(string name = "DataLocal test CA")
    {
        var directory = Path.Combine(Path.GetTempPath(), "datalocal-tests", "tls-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        // Valid since a month ago, so tests can issue certificates that have already expired.
        return new TestCertificates(directory, LocalCertificateAuthority.Create(name, notBefore: DateTimeOffset.UtcNow.AddDays(-30)));
    }

    /// <summary>Issues a certificate from this CA and writes it; returns its certificate and key files.</summary>
    public (string CertFile, string KeyFile) Issue(string name, IEnumerable<string> hosts, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var certFile = Path.Combine(Directory, name + ".pem");
        var keyFile = Path.Combine(Directory, name + ".key");
        using var issued = _authority.Issue(name, hosts, notBefore, notAfter);
        LocalCertificateAuthority.WritePem(issued, certFile, keyFile);
        return (certFile, keyFile);
    }

    /// <summary>Turns TLS on for a namenode, serving <paramref name="cert"/> (this CA's node certificate by default).</summary>
    public void Apply(NameNodeOptions options, (string CertFile, string KeyFile)? cert = null)
    {
        options.TlsCertFile = cert?.CertFile ?? CertFile;
        options.TlsKeyFile = cert?.KeyFile ?? KeyFile;
        options.TlsCaFile = CaFile;
    }

    /// <summary>Turns TLS on for a datanode, as <see cref="Apply(NameNodeOptions, ValueTuple{string, string}?)"/>.</summary>
    public void Apply(DataNodeOptions options, (string CertFile, string KeyFile)? cert = null)
    {
        options.TlsCertFile = cert?.CertFile ?? CertFile;
        options.TlsKeyFile = cert?.KeyFile ?? KeyFile;
        options.TlsCaFile = CaFile;
    }

    public void Dispose()
    {
        _authority.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
