using DataLocal.Testing;

namespace DataLocal.Tests.Security;

/// <summary>A namenode and one datanode, shared by the tests of one class.</summary>
public sealed class OneNodeClusterFixture : IAsyncLifetime
{
    public InProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
