using DataLocal.NameNode.Persistence;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>Safe mode destroys nothing: replicas of blocks the namenode does not know are kept and counted until it is left.</summary>
public sealed class SafeModeDeletionTests
{
    [Fact]
    public async Task SafeMode_NameNodeRestoredFromOlderNamespace_NewerBlocksKeptAndCountedUntilSafeModeIsLeft()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2, configureNameNode: o => o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200));
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/old.parquet");
        var backup = await BackUpNamespaceAsync(cluster);
        await client.PutAsync(TestData.Parquet("userdata1.parquet"), "/new.parquet", new(BlockSize: 32 * 1024));
        var newer = (await client.GetBlocksAsync("/new.parquet")).Select(b => b.BlockId).ToList();

        // The namenode comes back on the backup, which predates /new.parquet; an operator holds it in safe mode.
        await cluster.StopDataNodeAsync(0);
        await cluster.StopDataNodeAsync(1);
        await cluster.StopNameNodeAsync();
        RestoreNamespace(cluster, backup);
        await cluster.StartNameNodeAsync();
        using var restored = cluster.CreateClient();
        await restored.SafeModeAsync("enter");
        await cluster.StartDataNodeAsync(0);
        await cluster.StartDataNodeAsync(1);
        await cluster.WaitForLiveDataNodesAsync(2);
        await cluster.WaitForHeartbeatsAsync();
        var report = await CliRun.RunAsync(cluster, "admin", "report");

        Assert.All(newer, blockId => Assert.True(cluster.BlockStoreOf(0).Contains(blockId) && cluster.BlockStoreOf(1).Contains(blockId), $"block {blockId} deleted in safe mode"));
        Assert.Contains($"Unknown replicas (kept in safe mode): {2 * newer.Count}", report.Output, StringComparison.Ordinal);
        Assert.Null(await restored.StatAsync("/new.parquet"));

        await restored.SafeModeAsync("leave");
        await Eventually.TrueAsync(() => newer.All(b => !cluster.BlockStoreOf(0).Contains(b) && !cluster.BlockStoreOf(1).Contains(b)),
            "the unknown replicas to be deleted once safe mode is left");
        Assert.True(cluster.BlockStoreOf(0).Contains((await restored.GetBlocksAsync("/old.parquet")).Single().BlockId));
    }

    private static async Task<string> BackUpNamespaceAsync(InProcessCluster cluster)
    {
        // LiteDB is copied while the namenode is down, as an operator's backup would be.
        await cluster.StopNameNodeAsync();
        var backup = Path.Combine(cluster.Root, "namespace-backup.db");
        File.Copy(Path.Combine(cluster.Root, "namenode", MetadataStore.FileName), backup);
        await cluster.StartNameNodeAsync();
        await cluster.WaitForLiveDataNodesAsync(cluster.DataNodes.Count);
        return backup;
    }

    private static void RestoreNamespace(InProcessCluster cluster, string backup)
    {
        var directory = Path.Combine(cluster.Root, "namenode");
        foreach (var file in Directory.GetFiles(directory, "namespace*"))
        {
            File.Delete(file);
        }
        File.Copy(backup, Path.Combine(directory, MetadataStore.FileName));
    }
}
