using System.Text;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Grpc;
using DataLocal.DataNode.Transfer;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Transfer;

/// <summary>
/// Block transfers with LZ4 forced on (over loopback the default never compresses): the bytes stored
/// and read back are exactly the bytes put, compressible data takes fewer bytes on the wire, and
/// already-compressed data is sent as it is.
/// </summary>
public sealed class CompressedTransferTests : IAsyncLifetime
{
    private InProcessCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 3, configureDataNode: o => o.TransferCompression = TransferCompressionMode.Lz4);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private DataLocalClient CompressingClient() =>
        new(_cluster.NameNodeAddress, new DataLocalClientOptions { TransferCompression = new TransferCompression(TransferCompressionMode.Lz4), Token = _cluster.AdminToken });

    private TransferCounter[] Counters() =>
        [.. _cluster.DataNodes.Select(d => d!.Services.GetRequiredService<TransferCounter>())];

    private static string CompressibleFile(string directory, int size)
    {
        var text = new StringBuilder();
        var random = new Random(11);
        while (text.Length < size)
        {
            text.Append(random.Next(1, 6_000_000)).Append('|').Append(random.Next(1, 200_000)).Append("|N|O|1996-01-02|TAKE BACK RETURN|TRUCK|\n");
        }
        var path = Path.Combine(directory, "lineitem.tbl");
        File.WriteAllText(path, text.ToString(0, size));
        return path;
    }

    [Fact]
    public async Task PutAndGet_CompressibleFile_ByteExactOnEveryReplicaAndSmallerOnTheWire()
    {
        var local = CompressibleFile(Files.TempDirectory(), 5 * 1024 * 1024 + 123);
        using var client = CompressingClient();

        await client.PutAsync(local, "/lz4/lineitem.tbl", new PutOptions(BlockSize: 2 * 1024 * 1024));

        var expected = await File.ReadAllBytesAsync(local);
        using var output = new MemoryStream();
        await client.ReadToAsync("/lz4/lineitem.tbl", output);
        Assert.Equal(expected, output.ToArray());
        var blocks = await client.GetBlocksAsync("/lz4/lineitem.tbl");
        foreach (var block in blocks)
        {
            Assert.Equal(3, block.Replicas.Count);
            foreach (var replica in block.Replicas)
            {
                // Read through each node's own store: the checksums on disk were computed over the expanded bytes.
                var store = _cluster.BlockStoreOf(replica.NodeId);
                var stored = await store.OpenReplica(block.BlockId).ReadAllAsync(4096, CancellationToken.None);
                Assert.Equal(expected.AsSpan((int)block.Offset, (int)block.Length).ToArray(), stored);
            }
        }
        var counters = Counters();
        Assert.Equal(3L * expected.Length, counters.Sum(c => c.BlockBytesReceived));
        Assert.True(counters.Sum(c => c.WireBytesReceived) * 2 < counters.Sum(c => c.BlockBytesReceived),
            $"wire {counters.Sum(c => c.WireBytesReceived)} of {counters.Sum(c => c.BlockBytesReceived)} block bytes received");
        Assert.True(counters.Sum(c => c.WireBytesSent) * 2 < counters.Sum(c => c.BlockBytesSent),
            $"wire {counters.Sum(c => c.WireBytesSent)} of {counters.Sum(c => c.BlockBytesSent)} block bytes sent");
    }

    [Fact]
    public async Task Put_GzipParquet_SentAsItIs()
    {
        var local = TestData.Parquet("lineitem-top10000.gzip.parquet");
        using var client = CompressingClient();

        await client.PutAsync(local, "/lz4/lineitem.gzip.parquet");

        var counters = Counters();
        Assert.Equal(3L * new FileInfo(local).Length, counters.Sum(c => c.BlockBytesReceived));
        Assert.Equal(counters.Sum(c => c.BlockBytesReceived), counters.Sum(c => c.WireBytesReceived));
        using var output = new MemoryStream();
        await client.ReadToAsync("/lz4/lineitem.gzip.parquet", output);
        Assert.Equal(await File.ReadAllBytesAsync(local), output.ToArray());
    }
}
