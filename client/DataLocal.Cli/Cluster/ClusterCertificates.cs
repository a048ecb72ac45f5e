using System.Security.Cryptography.X509Certificates;
using DataLocal.Common.Security;

namespace DataLocal.Cli.Cluster;

/// <summary>
/// The TLS files of a local cluster started with --tls, in tls/ beside the cluster secret, every one
/// owner-only: the cluster CA (ca.pem, which clients trust, and ca.key, kept so later starts issue from
/// the same CA and a client's copy of ca.pem stays valid), and per role NAME.pem and NAME.key, issued
/// afresh at each start for the names the role is reached by.
/// </summary>
public sealed class ClusterCertificates
{
    public const string DirectoryName = "tls";

    private readonly string _directory;

    private ClusterCertificates(string directory) => _directory = directory;

    /// <summary>The CA certificate clients verify servers against.</summary>
    public string CaFile => Path.Combine(_directory, "ca.pem");

    private string CaKeyFile => Path.Combine(_directory, "ca.key");

    /// <summary>Makes the CA when there is none (or it expires within a day) and returns the files.</summary>
    public static ClusterCertificates Ensure(string clusterDirectory)
    {
        var certificates = new ClusterCertificates(Path.Combine(clusterDirectory, DirectoryName));
        Directory.CreateDirectory(certificates._directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(certificates._directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (!File.Exists(certificates.CaFile) || !File.Exists(certificates.CaKeyFile) || ExpiresSoon(certificates.CaFile))
        {
            using var authority = LocalCertificateAuthority.Create($"DataLocal cluster CA ({Environment.MachineName})");
            authority.WriteTo(certificates.CaFile, certificates.CaKeyFile);
        }
        return certificates;
    }

    /// <summary>Issues <paramref name="role"/> a certificate for <paramref name="hosts"/>; returns its --tls-* flags.</summary>
    public string[] IssueFor(string role, IEnumerable<string> hosts)
    {
        var certificateFile = Path.Combine(_directory, role + ".pem");
        var keyFile = Path.Combine(_directory, role + ".key");
        using (var authority = LocalCertificateAuthority.Load(CaFile, CaKeyFile))
        using (var issued = authority.Issue($"DataLocal {role}", hosts))
        {
            LocalCertificateAuthority.WritePem(issued, certificateFile, keyFile);
        }
        return ["--tls-cert", certificateFile, "--tls-key", keyFile, "--tls-ca", CaFile];
    }

    private static bool ExpiresSoon(string certificateFile)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(certificateFile);
        return certificate.NotAfter < DateTime.Now.AddDays(1);
    }
}
