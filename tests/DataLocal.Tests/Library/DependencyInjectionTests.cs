using DataLocal.Client;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataLocal.Tests.Library;

/// <summary>services.AddDataLocalClient(o => …): one shared client, configured by options, behind an interface.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class DependencyInjectionTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task AddDataLocalClient_ResolvesOneConfiguredClient_ThatTalksToTheCluster()
    {
        var services = new ServiceCollection();
        var address = fixture.Cluster.NameNodeAddress;
        services.AddDataLocalClient(o =>
        {
            // host:port, as a configuration file would hold it.
            o.NameNode = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..];
            o.Token = fixture.Cluster.AdminToken;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IDataLocalClient>();

        Assert.Same(provider.GetRequiredService<DataLocalClient>(), client);
        Assert.Equal(address, client.NameNodeAddress);
        await client.MkdirsAsync("/lib-di", parents: true);
        Assert.True((await client.StatAsync("/lib-di"))!.IsDirectory);
    }

    [Fact]
    public void AddDataLocalClient_WithoutNameNode_FailsSayingWhatToSet()
    {
        var services = new ServiceCollection();
        services.AddDataLocalClient();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IDataLocalClient>());

        Assert.Contains("DataLocalClientOptions.NameNode is not set", error.Message, StringComparison.Ordinal);
    }
}
