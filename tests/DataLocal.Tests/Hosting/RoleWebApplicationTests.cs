using DataLocal.Tests.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Hosting;

/// <summary>Roles read their settings once: no configuration source watches the directory they were started from.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class RoleWebApplicationTests(SharedClusterFixture fixture)
{
    [Fact]
    public void Roles_ConfigurationFiles_AreNotWatchedForChanges()
    {
        var roles = new[] { fixture.Cluster.NameNode.Services }.Concat(fixture.Cluster.DataNodes.Select(d => d!.Services));

        var sources = roles.SelectMany(services => ((IConfigurationRoot)services.GetRequiredService<IConfiguration>()).Providers)
            .OfType<FileConfigurationProvider>().Select(p => p.Source).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched for changes"));
    }
}
