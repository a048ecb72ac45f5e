using DataLocal.Common.Security;
using DataLocal.Client.Writing;
using DataLocal.NameNode.Blocks;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Datanode;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Integration;

/// <summary>
/// Processes that register as datanodes and claim, in block reports, replicas they do not hold
/// (issue 13): the namenode believes a replica only when its generation stamp and length are the
/// block's, so the claims never count, never make real replicas look surplus, and only the
/// claiming node is told to delete them. And "corrupt replica" reports from readers, which anyone
/// can send, only make the holder verify its replica.
/// </summary>
public sealed class ForgedDatanodeTests
{
    private const string FilePath = "/forged/data.bin";
    private const int BlockSize = 64 * 1024;

    [Fact]
    public async Task FakeDatanodes_ClaimEveryBlockWithoutTheRightStampOrLength_RealReplicasKept_ReadsExact_ClaimsNotCountedAndToldToDelete()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), (5 * BlockSize) - 1000, seed: 13);
        await client.PutAsync(local, FilePath, new PutOptions(BlockSize: BlockSize));
        var blocks = await client.GetBlocksAsync(FilePath);
        var realHolders = blocks.ToDictionary(b => b.BlockId, b => b.Replicas.Select(r => r.NodeId).Order().ToList());
        await using var noStamp = await FakeDatanode.StartAsync(cluster, "DN-fake-nostamp");
        await using var wrongStamp = await FakeDatanode.StartAsync(cluster, "DN-fake-wrongstamp");
        await using var wrongLength = await FakeDatanode.StartAsync(cluster, "DN-fake-wronglength");
        var fakes = new[] { noStamp, wrongStamp, wrongLength };

        // Right ids and lengths, no stamp (as a pre-stamp datanode would report them).
        await noStamp.SendFullReportAsync(blocks.Select(b => new ReplicaInfo { BlockId = b.BlockId, Length = b.Length }));
        // Right ids and lengths, a guessed stamp, as freshly written replicas.
        await wrongStamp.SendReceivedAsync(blocks.Select(b => new ReplicaInfo { BlockId = b.BlockId, Length = b.Length, GenerationStamp = Random.Shared.NextInt64(1, long.MaxValue) }));
        // Right ids, wrong lengths, no stamp.
        await wrongLength.SendFullReportAsync(blocks.Select(b => new ReplicaInfo { BlockId = b.BlockId, Length = b.Length + 1 }));
        await ScanAndDeliverAsync(cluster);

        var after = await client.GetBlocksAsync(FilePath);
        Assert.All(after, b => Assert.Equal(realHolders[b.BlockId], b.Replicas.Select(r => r.NodeId).Order().ToList()));
        foreach (var (blockId, holders) in realHolders)
        {
            foreach (var node in holders)
            {
                Assert.True(cluster.BlockStoreOf(node).Contains(blockId), $"{node} lost its replica of block {blockId}");
            }
        }
        using var read = new MemoryStream();
        await client.ReadToAsync(FilePath, read);
        Assert.Equal(await File.ReadAllBytesAsync(local), read.ToArray());
        Assert.All(fakes, fake => Assert.Superset(realHolders.Keys.ToHashSet(), fake.ToldToDelete.ToHashSet()));
    }

    [Fact]
    public async Task ForgedCorruptReports_AboutEveryRealReplica_WithFakeClaimsOfGoodCopies_NoRealReplicaDeleted()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 2 * BlockSize, seed: 14);
        await client.PutAsync(local, FilePath, new PutOptions(BlockSize: BlockSize));
        var blocks = await client.GetBlocksAsync(FilePath);
        await using var first = await FakeDatanode.StartAsync(cluster, "DN-fake-1");
        await using var second = await FakeDatanode.StartAsync(cluster, "DN-fake-2");

        // Two "good" copies claimed elsewhere would make the block look fully replicated, so that the
        // real replicas, reported corrupt by a stranger, would be no one's last copy any more.
        foreach (var fake in new[] { first, second })
        {
            await fake.SendFullReportAsync(blocks.Select(b => new ReplicaInfo { BlockId = b.BlockId, Length = b.Length }));
        }
        foreach (var block in blocks)
        {
            foreach (var replica in block.Replicas)
            {
                await ReportBadReplicaAsync(cluster, block.BlockId, replica.NodeId);
            }
        }
        await ScanAndDeliverAsync(cluster);

        foreach (var block in blocks)
        {
            foreach (var replica in block.Replicas)
            {
                Assert.True(cluster.BlockStoreOf(replica.NodeId).Contains(block.BlockId), $"{replica.NodeId} lost its replica of block {block.BlockId}");
            }
        }
    }

    [Fact]
    public async Task ForgedCorruptReport_AboutGoodReplicas_HoldersVerifyThem_ReplicasStayCountedAndServed()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), BlockSize, seed: 17);
        await client.PutAsync(local, FilePath, new PutOptions(BlockSize: BlockSize));
        var block = (await client.GetBlocksAsync(FilePath)).Single();

        foreach (var replica in block.Replicas)
        {
            await ReportBadReplicaAsync(cluster, block.BlockId, replica.NodeId);
        }
        await ScanAndDeliverAsync(cluster);

        var after = (await client.GetBlocksAsync(FilePath)).Single();
        Assert.Equal(block.Replicas.Select(r => r.NodeId).Order(), after.Replicas.Select(r => r.NodeId).Order());
        Assert.Empty(after.CorruptReplicas);
        using var read = new MemoryStream();
        await client.ReadToAsync(FilePath, read);
        Assert.Equal(await File.ReadAllBytesAsync(local), read.ToArray());
    }

    [Fact]
    public async Task ReaderCorruptReport_AboutAReplicaThatIsCorrupt_HolderConfirmsIt_MarkedCorruptAndKept()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        await client.PutAsync(Files.Random(Files.TempDirectory(), BlockSize, seed: 18), FilePath, new PutOptions(BlockSize: BlockSize));
        var block = (await client.GetBlocksAsync(FilePath)).Single();
        var bad = block.Replicas[0].NodeId;
        var badIndex = Enumerable.Range(0, 2).Single(i => cluster.BlockStoreOf(i).NodeId == bad);
        ReplicaFiles.FlipBitInChunk(cluster, badIndex, block.BlockId, chunk: 3);

        await ReportBadReplicaAsync(cluster, block.BlockId, bad);

        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync(FilePath)).Single().CorruptReplicas.Any(r => r.NodeId == bad),
            "the holder to verify its replica and report it corrupt");
        Assert.Equal([block.Replicas[1].NodeId], (await client.GetBlocksAsync(FilePath)).Single().Replicas.Select(r => r.NodeId));
        Assert.True(cluster.BlockStoreOf(badIndex).Contains(block.BlockId), "a corrupt replica was deleted while the block is short of good ones");
    }

    private static async Task ReportBadReplicaAsync(InProcessCluster cluster, long blockId, string nodeId)
    {
        using var channel = CredentialChannel.For(cluster.NameNodeAddress, cluster.AdminToken);
        await new ClientNamenode.ClientNamenodeClient(channel).ReportBadReplicaAsync(new ReportBadReplicaRequest { BlockId = blockId, NodeId = nodeId });
    }

    // Runs replication scans itself (so they certainly happen after the claims), then waits until
    // every datanode has heartbeated twice, so any deletion ordered has been carried out.
    private static async Task ScanAndDeliverAsync(InProcessCluster cluster)
    {
        var monitor = cluster.NameNode.Services.GetRequiredService<ReplicationMonitor>();
        for (var i = 0; i < 3; i++)
        {
            monitor.ScanOnce();
            await cluster.WaitForHeartbeatsAsync();
        }
    }
}
