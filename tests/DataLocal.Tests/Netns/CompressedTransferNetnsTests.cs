using System.Text;
using DataLocal.Client.Writing;
using DataLocal.Testing.Netns;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Netns;

/// <summary>
/// Between separate hosts the default compresses block pieces that shrink: measured on the hosts'
/// links, not on the nodes' own counters, and the bytes still arrive exact.
/// </summary>
[Collection(NetnsDefinition.Name)]
public sealed class CompressedTransferNetnsTests
{
    [SkippableFact]
    public async Task PutAndGet_CompressibleFileBetweenHosts_FewerBytesOnTheLinksAndByteExact()
    {
        NetnsDefinition.SkipUnlessAvailable();
        using var cluster = await NetnsCluster.StartAsync(datanodes: 3, replication: 3);
        using var client = cluster.CreateClient();
        var source = Path.Combine(Files.TempDirectory(), "orders.tbl");
        var text = new StringBuilder();
        var random = new Random(5);
        while (text.Length < 8 << 20)
        {
            text.Append(random.Next(1, 6_000_000)).Append("|F|").Append(random.Next(1, 150_000)).Append("|1993-10-14|5-LOW|Clerk#000000955|0|\n");
        }
        await File.WriteAllTextAsync(source, text.ToString());
        var size = new FileInfo(source).Length;
        var into = cluster.DataNodeHosts.Sum(h => h.BytesIn());

        await client.PutAsync(source, "/orders.tbl", new PutOptions(BlockSize: 2 << 20));
        var pipelineBytes = cluster.DataNodeHosts.Sum(h => h.BytesIn()) - into;
        var outOfDatanodes = cluster.DataNodeHosts.Sum(h => h.BytesOut());
        var copy = Path.Combine(cluster.WorkDirectory, "orders-copy.tbl");
        var get = await cluster.RunCliAsync(null, "fs", "get", "/orders.tbl", copy);
        var readBytes = cluster.DataNodeHosts.Sum(h => h.BytesOut()) - outOfDatanodes;

        Assert.True(get.ExitCode == 0, get.Output);
        Assert.Equal(Files.Sha256(source), Files.Sha256(copy));
        // Three replicas of every byte crossed into datanode hosts; uncompressed that is 3 × size.
        Assert.True(pipelineBytes < 1.5 * size, $"{pipelineBytes} bytes into datanode hosts for 3 replicas of {size}");
        Assert.True(readBytes < 0.5 * size, $"{readBytes} bytes out of datanode hosts to read {size}");
    }
}
