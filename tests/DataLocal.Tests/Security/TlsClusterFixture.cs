using DataLocal.Testing;

namespace DataLocal.Tests.Security;

/// <summary>A namenode and two datanodes running TLS with one test CA, replication 2 so writes go through a datanode-to-datanode pipeline.</summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = TestCertificates.Create();

    public InProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureNameNode: o =>
            {
                Certificates.Apply(o);
                o.DefaultBlockSize = 64 * 1024;
            },
            configureDataNode: o => Certificates.Apply(o));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Certificates.Dispose();
    }
}
