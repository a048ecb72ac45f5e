using DataLocal.Common.Security;
using DataLocal.DataNode;
using DataLocal.DataNode.Hosting;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataLocal.Tests.Hosting;

public sealed class DataNodeHostSettingsTests
{
    [Fact]
    public async Task DataNodeHost_EveryOptionGiven_ReachesTheServices()
    {
        var given = new DataNodeOptions
        {
            NameNodeAddress = "http://127.0.0.1:1",
            Directory = Files.TempDirectory(),
            Port = 0,
            RunningListingInterval = TimeSpan.FromSeconds(7),
            TaskPollInterval = TimeSpan.FromMilliseconds(250),
            BytesPerChecksum = 1024,
            TaskSlots = 1,
            ClusterSecretFile = Path.Combine(Files.TempDirectory(), "cluster-secret"),
        };
        SecretFile.Create(given.ClusterSecretFile, SecretFile.NewSecret(ClusterSecret.Prefix));

        var host = await DataNodeHost.StartAsync(given);
        await using (host)
        {
            var used = host.Services.GetRequiredService<IOptions<DataNodeOptions>>().Value;
            foreach (var property in typeof(DataNodeOptions).GetProperties())
            {
                Assert.True(Equals(property.GetValue(given), property.GetValue(used)), $"{property.Name}: given {property.GetValue(given)}, used {property.GetValue(used)}");
            }
        }
    }
}
