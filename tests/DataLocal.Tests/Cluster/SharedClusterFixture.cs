using DataLocal.Testing;

namespace DataLocal.Tests.Cluster;

/// <summary>One in-process cluster (3 datanodes, replication 2) shared by tests that do not break it.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public InProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2).ConfigureAwait(false);

    public async Task DisposeAsync() => await Cluster.DisposeAsync().ConfigureAwait(false);
}

[CollectionDefinition(Name)]
public sealed class SharedClusterDefinition : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "shared cluster";
}
