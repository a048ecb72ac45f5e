using DataLocal.Client;
using DataLocal.DataNode.Storage;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>
/// Replicas that fail their checksums (a flipped bit on disk): they are never served, never the
/// last copies to be deleted, reported as CORRUPT, and rebuilt chunk by chunk when every chunk
/// still has a good copy somewhere.
/// </summary>
public sealed class CorruptReplicaTests
{
    // sort_columns.parquet is 1,361 bytes: three 512-byte checksum chunks.
    private const string Local = "sort_columns.parquet";
    private const string Path = "/corrupt/sorted.parquet";

    [Fact]
    public async Task CorruptReplicas_EveryReplicaFlippedInADifferentChunk_NoneDeleted_ReadFsckAndReportSayCorrupt()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 3,
            configureNameNode: o => o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200));
        using var client = cluster.CreateClient();
        var blockId = await PutAndCorruptEveryReplicaAsync(cluster, client, corruptNodes: [0, 1, 2]);

        var firstRead = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ReadToAsync(Path, new MemoryStream()));
        await Eventually.TrueAsync(async () => (await CliRun.RunAsync(cluster, "fs", "fsck", Path)).Output.Contains("CORRUPT: 0 of 3 replicas good, 3 corrupt", StringComparison.Ordinal),
            "the namenode to know every replica is corrupt");
        await cluster.WaitForHeartbeatsAsync();
        var fsck = await CliRun.RunAsync(cluster, "fs", "fsck", Path);
        var report = await CliRun.RunAsync(cluster, "admin", "report");
        var secondRead = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ReadToAsync(Path, new MemoryStream()));

        Assert.All(Enumerable.Range(0, 3), i => Assert.True(cluster.BlockStoreOf(i).Contains(blockId) && File.Exists(ReplicaFiles.DataPath(cluster, i, blockId)), $"datanode {i} deleted its replica"));
        foreach (var error in new[] { firstRead, secondRead })
        {
            Assert.Contains($"block {blockId} of {Path} is corrupt: all 3 replicas failed checksum verification", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("restart", error.Message, StringComparison.Ordinal);
        }
        Assert.Equal(1, fsck.Code);
        Assert.Contains($"{Path}: block {blockId} CORRUPT", fsck.Output, StringComparison.Ordinal);
        Assert.Contains("is CORRUPT", fsck.Output, StringComparison.Ordinal);
        Assert.Contains("Corrupt blocks: 1", report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_EveryReplicaCorrupt_FailsSayingTheBlockIsCorrupt()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        var blockId = await PutAndCorruptEveryReplicaAsync(cluster, client, corruptNodes: [0, 1]);

        var jobId = await client.Jobs.SubmitAsync($"SELECT count(*), sum(a) FROM {Path}");
        var finished = await client.Jobs.WaitAsync(jobId);

        Assert.Equal("failed", finished.State);
        Assert.Contains($"block {blockId} of {Path}", finished.Error, StringComparison.Ordinal);
        Assert.Contains("is corrupt: all 2 replicas failed checksum verification", finished.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", finished.Error, StringComparison.Ordinal);
        Assert.True(cluster.BlockStoreOf(0).Contains(blockId) && cluster.BlockStoreOf(1).Contains(blockId), "a corrupt replica was deleted while no good one existed");
    }

    [Fact]
    public async Task Recover_EveryChunkGoodInSomeReplica_RebuildsTheBlock_ReplicationRestoresGoodReplicas()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 4, replication: 3,
            configureNameNode: o => o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200));
        using var client = cluster.CreateClient();
        var nodes = Enumerable.Range(0, 4).ToList();
        var blockId = await PutAndCorruptEveryReplicaAsync(cluster, client, corruptNodes: null);
        await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ReadToAsync(Path, new MemoryStream()));

        var recover = await CliRun.RunAsync(cluster, "fs", "fsck", Path, "--recover");

        Assert.True(recover.Code == 0, recover.Output + recover.Error);
        Assert.Contains($"block {blockId}: rebuilt", recover.Output, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            var fsck = await CliRun.RunAsync(cluster, "fs", "fsck", Path);
            return fsck.Code == 0 && fsck.Output.Contains("is HEALTHY", StringComparison.Ordinal) && !fsck.Output.Contains($"block {blockId} ", StringComparison.Ordinal)
                && nodes.Count(i => cluster.BlockStoreOf(i).Contains(blockId)) == 3;
        }, "three good replicas and the corrupt ones gone");
        foreach (var i in nodes.Where(i => cluster.BlockStoreOf(i).Contains(blockId)))
        {
            // Each remaining replica verifies against its own checksums.
            Assert.Equal(File.ReadAllBytes(TestData.Parquet(Local)), await cluster.BlockStoreOf(i).OpenReplica(blockId).ReadAllAsync(4096, CancellationToken.None));
        }
        using var output = new MemoryStream();
        await client.ReadToAsync(Path, output);
        Assert.Equal(File.ReadAllBytes(TestData.Parquet(Local)), output.ToArray());
    }

    [Fact]
    public async Task Recover_OnlyCorruptHoldersLive_RebuiltReplicaReplacesACorruptOneInPlace()
    {
        // Finalized replicas refuse writes; a corrupt one must still accept the rebuild when no other node can take it.
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        var blockId = await PutAndCorruptEveryReplicaAsync(cluster, client, corruptNodes: [0, 1]);
        await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ReadToAsync(Path, new MemoryStream()));

        var recover = await CliRun.RunAsync(cluster, "fs", "fsck", Path, "--recover");

        Assert.True(recover.Code == 0, recover.Output + recover.Error);
        Assert.Contains($"block {blockId}: rebuilt", recover.Output, StringComparison.Ordinal);
        var original = File.ReadAllBytes(TestData.Parquet(Local));
        var good = 0;
        foreach (var i in new[] { 0, 1 })
        {
            try
            {
                Assert.Equal(original, await cluster.BlockStoreOf(i).OpenReplica(blockId).ReadAllAsync(4096, CancellationToken.None));
                good++;
            }
            catch (CorruptReplicaException)
            {
            }
        }
        Assert.True(good >= 1, "no replica was replaced by the rebuilt block");
        using var output = new MemoryStream();
        await client.ReadToAsync(Path, output);
        Assert.Equal(original, output.ToArray());
    }

    [Fact]
    public async Task Recover_SameChunkBadInEveryReplica_RefusesAndKeepsEveryReplica()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet(Local), Path);
        var blockId = (await client.GetBlocksAsync(Path)).Single().BlockId;
        ReplicaFiles.FlipBitInChunk(cluster, 0, blockId, chunk: 1);
        ReplicaFiles.FlipBitInChunk(cluster, 1, blockId, chunk: 1);
        await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ReadToAsync(Path, new MemoryStream()));

        var recover = await CliRun.RunAsync(cluster, "fs", "fsck", Path, "--recover");

        Assert.Equal(1, recover.Code);
        Assert.Contains($"block {blockId}: cannot rebuild: chunk 1 (bytes 512..1024) has no good copy in any of the 2 replicas", recover.Output + recover.Error, StringComparison.Ordinal);
        Assert.True(cluster.BlockStoreOf(0).Contains(blockId) && cluster.BlockStoreOf(1).Contains(blockId));
    }

    /// <summary>Stores the file and flips a bit in a different chunk of each listed replica holder (every holder when null).</summary>
    private static async Task<long> PutAndCorruptEveryReplicaAsync(InProcessCluster cluster, DataLocalClient client, int[]? corruptNodes)
    {
        await client.PutAsync(TestData.Parquet(Local), Path);
        var blockId = (await client.GetBlocksAsync(Path)).Single().BlockId;
        var holders = corruptNodes ?? [.. Enumerable.Range(0, cluster.DataNodes.Count).Where(i => cluster.BlockStoreOf(i).Contains(blockId))];
        for (var chunk = 0; chunk < holders.Length; chunk++)
        {
            ReplicaFiles.FlipBitInChunk(cluster, holders[chunk], blockId, chunk);
        }
        return blockId;
    }
}
