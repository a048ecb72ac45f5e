using DataLocal.Common.Security;
using DataLocal.NameNode.Security;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Jobs;
using DataLocal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Security;

/// <summary>Block-token keys roll while the cluster works: datanodes learn each new key on heartbeats and puts, gets and jobs go on.</summary>
public sealed class BlockTokenKeyRollTests
{
    [Fact]
    public async Task KeysRollEvery300ms_PutGetAndJobsKeepWorking_AndDatanodesHoldEachNewKey()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2, configureNameNode: o =>
        {
            o.BlockTokenKeyUpdateInterval = TimeSpan.FromMilliseconds(300);
            o.BlockTokenLifetime = TimeSpan.FromSeconds(5);
        });
        using var client = cluster.CreateClient();
        var keys = cluster.NameNode.Services.GetRequiredService<BlockTokenKeys>();
        var firstKey = keys.Export().CurrentKeyId;
        var parquet = TestData.Parquet("sort_columns.parquet");
        var expected = await File.ReadAllBytesAsync(parquet);
        long? rowsPerFile = null;

        for (var round = 0; round < 3; round++)
        {
            await client.PutAsync(parquet, $"/roll/{round}.parquet");
            var before = keys.Export().CurrentKeyId;
            // Wait out a roll, and until every datanode holds the new current key (heard on a heartbeat).
            await Eventually.TrueAsync(() => keys.Export().CurrentKeyId != before
                && Enumerable.Range(0, 2).All(i => cluster.DataNodes[i]!.Services.GetRequiredService<BlockTokenVerifier>().HoldsKey(keys.Export().CurrentKeyId)),
                "a key roll heard by every datanode");
            for (var file = 0; file <= round; file++)
            {
                using var output = new MemoryStream();
                await client.ReadToAsync($"/roll/{file}.parquet", output);
                Assert.Equal(expected, output.ToArray());
            }
            var job = await JobQueryTests.RunAsync(client, "SELECT count(*), sum(a) FROM /roll");
            Assert.Equal("succeeded", job.State);
            var rows = long.Parse(job.Rows.Single()[0]!, System.Globalization.CultureInfo.InvariantCulture);
            rowsPerFile ??= rows;
            Assert.Equal(rowsPerFile * (round + 1), rows);
            // Output blocks are written with the write tokens tasks get as they run.
            var written = await JobQueryTests.RunAsync(client, $"SELECT a FROM /roll/{round}.parquet", new DataLocal.Client.Jobs.JobOptions(OutputPath: $"/roll-out/{round}"));
            Assert.Equal("succeeded", written.State);
        }

        Assert.NotEqual(firstKey, keys.Export().CurrentKeyId);
    }
}
