using DataLocal.Client;
using DataLocal.Common.Hosting;
using DataLocal.Common.Security;
using Microsoft.Extensions.Logging;
using DataLocal.NameNode;
using DataLocal.NameNode.Hosting;
using DataLocal.Testing;

namespace DataLocal.Tests.Security;

/// <summary>
/// Certificates a cluster member or client must refuse, each with one line saying why: expired, issued
/// for another host, issued by another CA (a datanode's); and TLS settings that are half given.
/// </summary>
public sealed class TlsCertificateTests
{
    [Fact]
    public async Task NameNode_ServingAnExpiredCertificate_IsRefusedByTheClient_NamingTheExpiry()
    {
        using var certificates = TestCertificates.Create();
        var expired = certificates.Issue("expired", TestCertificates.LocalHosts, DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        await using var namenode = await StartNameNodeAsync(certificates, expired);
        using var client = namenode.Client;

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ListAsync("/"));

        Assert.StartsWith("TLS: the certificate of 127.0.0.1 (CN=expired) expired on ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task NameNode_ServingACertificateForAnotherHost_IsRefusedByTheClient_NamingTheHost()
    {
        using var certificates = TestCertificates.Create();
        var elsewhere = certificates.Issue("elsewhere", ["elsewhere.example", "192.0.2.9"]);
        await using var namenode = await StartNameNodeAsync(certificates, elsewhere);
        using var client = namenode.Client;

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ListAsync("/"));

        Assert.Equal("TLS: the certificate of 127.0.0.1 (CN=elsewhere) is not issued for 127.0.0.1", error.Message);
    }

    [Fact]
    public async Task DataNode_WithACertificateFromAnotherCa_IsUnreachable_NamingTheCertificate()
    {
        using var certificates = TestCertificates.Create();
        using var stranger = TestCertificates.Create("Stranger CA");
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 0, replication: 1,
            configureNameNode: o => certificates.Apply(o),
            // It trusts the cluster CA, so it can register, but serves a certificate the namenode cannot trust.
            configureDataNode: o => certificates.Apply(o, (stranger.CertFile, stranger.KeyFile)));
        cluster.DataNodes.Add(null);
        await cluster.StartDataNodeAsync(0);
        using var client = cluster.CreateClient();

        DataLocal.Client.Model.DatanodeInfo? node = null;
        await Eventually.TrueAsync(async () => (node = (await client.GetClusterReportAsync()).Datanodes.SingleOrDefault(d => d.UnreachableReason is not null)) is not null,
            "the datanode registered and probed");

        Assert.False(node!.Reachable);
        Assert.Contains("TLS: the certificate of 127.0.0.1 (CN=node) was issued by CN=Stranger CA, not by the cluster CA", node.UnreachableReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, true)]
    public async Task NameNode_WithPartOfTheTlsFiles_DoesNotStart_NamingAllThree(bool cert, bool key, bool ca)
    {
        using var certificates = TestCertificates.Create();
        var options = new NameNodeOptions
        {
            Directory = Path.Combine(certificates.Directory, "namenode"), Port = 0, HttpPort = 0,
            TlsCertFile = cert ? certificates.CertFile : string.Empty,
            TlsKeyFile = key ? certificates.KeyFile : string.Empty,
            TlsCaFile = ca ? certificates.CaFile : string.Empty,
        };

        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => NameNodeHost.StartAsync(options));

        Assert.Equal("TLS needs all of --tls-cert, --tls-key and --tls-ca (PEM files: this node's certificate, its private key, the cluster CA)", error.Message);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task NameNode_WithAKeyFileOthersMayRead_DoesNotStart()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX permissions");
        using var certificates = TestCertificates.Create();
        File.SetUnixFileMode(certificates.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var options = new NameNodeOptions { Directory = Path.Combine(certificates.Directory, "namenode"), Port = 0, HttpPort = 0 };
        certificates.Apply(options);

        var error = await Assert.ThrowsAsync<InvalidSettingException>(() => NameNodeHost.StartAsync(options));

        Assert.StartsWith("--tls-cert/--tls-key: secret file ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is accessible by others", error.Message, StringComparison.Ordinal);
    }

    // A namenode alone: a cluster would wait for it through a client, which these certificates fail.
    private static async Task<LoneNameNode> StartNameNodeAsync(TestCertificates certificates, (string CertFile, string KeyFile) serving)
    {
        var options = new NameNodeOptions { Directory = Path.Combine(certificates.Directory, "namenode"), Port = 0, HttpPort = -1 };
        certificates.Apply(options, serving);
        var host = await NameNodeHost.StartAsync(options, logging => logging.ClearProviders());
        var client = new DataLocalClient(host.RpcAddress, new DataLocalClientOptions { Token = SecretFile.Read(options.AdminTokenPath), TlsCaFile = certificates.CaFile });
        return new LoneNameNode(host, client);
    }

    private sealed record LoneNameNode(NameNodeHost Host, DataLocalClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }
}
