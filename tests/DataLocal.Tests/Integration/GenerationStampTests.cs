using DataLocal.Client.Writing;
using DataLocal.Common.Grpc;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.Protocol.Transfer;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Integration;

/// <summary>
/// Generation stamps end to end: allocated by the namenode, persisted with the file, stored beside
/// every replica (copies included), believed again after a namenode restart; and data directories
/// and namespaces from before stamps keep working.
/// </summary>
public sealed class GenerationStampTests
{
    private const string FilePath = "/stamps/data.bin";
    private const int BlockSize = 64 * 1024;

    [Fact]
    public async Task Put_ReplicasAndCopiesStoreTheAllocatedStamp_ARestartedNamenodeStillBelievesThem()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2,
            configureNameNode: o => o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200));
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 2 * BlockSize, seed: 15);
        await client.PutAsync(local, FilePath, new PutOptions(BlockSize: BlockSize));
        var stamps = RecordedStamps(cluster);

        Assert.Equal(2, stamps.Count);
        Assert.All(stamps.Values, s => Assert.True(s > 0));
        Assert.NotEqual(stamps.Values.First(), stamps.Values.Last());
        await AssertEveryReplicaCarriesItsStampAsync(cluster, client, stamps);

        // A lost node: its replicas are copied elsewhere, and the copies must be believed too.
        var lost = (await client.GetBlocksAsync(FilePath))[0].Replicas[0].NodeId;
        var lostIndex = Enumerable.Range(0, 3).Single(i => cluster.BlockStoreOf(i).NodeId == lost);
        await cluster.StopDataNodeAsync(lostIndex);
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync(FilePath)).All(b => b.Replicas.Count == 2 && b.Replicas.All(r => r.NodeId != lost)),
            "every block copied back to two live replicas");
        await AssertEveryReplicaCarriesItsStampAsync(cluster, client, stamps);

        await cluster.RestartNameNodeAsync();
        await cluster.WaitForLiveDataNodesAsync(2);

        Assert.Equal(stamps, RecordedStamps(cluster));
        Assert.All(await client.GetBlocksAsync(FilePath), b => Assert.Equal(2, b.Replicas.Count));
        await AssertReadsExactAsync(client, local);
    }

    [Fact]
    public async Task OlderNamespaceAndDataDirectories_BlocksWithoutStamps_StillBelievedAndRead()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 2 * BlockSize, seed: 16);
        await client.PutAsync(local, FilePath, new PutOptions(BlockSize: BlockSize));
        await cluster.StopDataNodeAsync(0);
        await cluster.StopDataNodeAsync(1);
        await cluster.StopNameNodeAsync();
        // Turn the namespace and both data directories into what a version without stamps wrote.
        using (var store = new MetadataStore(Path.Combine(cluster.Root, "namenode")))
        {
            var record = store.Find(FilePath)!;
            record.Blocks.ForEach(b => b.GenerationStamp = GenerationStamps.None);
            store.Commit([], [record]);
        }
        foreach (var meta in Enumerable.Range(0, 2).SelectMany(i => Directory.GetFiles(Path.Combine(cluster.DataNodeDirectory(i), "current"), "blk_*_*.meta")))
        {
            var name = Path.GetFileName(meta);
            File.Move(meta, Path.Combine(Path.GetDirectoryName(meta)!, name[..name.LastIndexOf('_')] + ".meta"));
        }

        await cluster.StartNameNodeAsync();
        await cluster.StartDataNodeAsync(0);
        await cluster.StartDataNodeAsync(1);
        await cluster.WaitForLiveDataNodesAsync(2);

        Assert.All(await client.GetBlocksAsync(FilePath), b => Assert.Equal(2, b.Replicas.Count));
        Assert.All(RecordedStamps(cluster).Values, s => Assert.Equal(GenerationStamps.None, s));
        await AssertReadsExactAsync(client, local);
    }

    [Fact]
    public async Task ReadUnverifiedReplica_GoodReplica_GivesNoStamp_CorruptReplica_GivesItsStamp()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();
        await client.PutAsync(Files.Random(Files.TempDirectory(), 3000, seed: 19), FilePath);
        var block = (await client.GetBlocksAsync(FilePath)).Single();
        var stamp = RecordedStamps(cluster)[block.BlockId];

        var whileGood = await UnverifiedStampAsync(cluster.AdminToken, cluster.DataNodes[0]!.Address, block);
        ReplicaFiles.FlipBitInChunk(cluster, 0, block.BlockId, chunk: 1);
        var onceCorrupt = await UnverifiedStampAsync(cluster.AdminToken, cluster.DataNodes[0]!.Address, block);

        Assert.Equal(0, whileGood);
        Assert.Equal(stamp, onceCorrupt);
    }

    private static async Task<long> UnverifiedStampAsync(string token, string address, DataLocal.Client.Model.BlockInfo block)
    {
        using var channels = new GrpcChannelPool(credential: token);
        using var call = new DataTransfer.DataTransferClient(channels.For(address)).ReadUnverifiedReplica(new ReadBlockRequest { BlockId = block.BlockId, BlockToken = block.Token });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current.Checksums.GenerationStamp;
    }

    private static Dictionary<long, long> RecordedStamps(InProcessCluster cluster) =>
        cluster.NameNode.Services.GetRequiredService<NamespaceManager>().Find(FilePath)!.Blocks.ToDictionary(b => b.BlockId, b => b.GenerationStamp);

    private static async Task AssertEveryReplicaCarriesItsStampAsync(InProcessCluster cluster, DataLocal.Client.DataLocalClient client, Dictionary<long, long> stamps)
    {
        var blockMap = cluster.NameNode.Services.GetRequiredService<BlockMap>();
        foreach (var block in await client.GetBlocksAsync(FilePath))
        {
            Assert.Equal(stamps[block.BlockId], blockMap.GenerationStampOf(block.BlockId));
            foreach (var replica in block.Replicas)
            {
                Assert.Equal(stamps[block.BlockId], cluster.BlockStoreOf(replica.NodeId).GenerationStampOf(block.BlockId));
            }
        }
    }

    private static async Task AssertReadsExactAsync(DataLocal.Client.DataLocalClient client, string local)
    {
        using var read = new MemoryStream();
        await client.ReadToAsync(FilePath, read);
        Assert.Equal(await File.ReadAllBytesAsync(local), read.ToArray());
    }
}
