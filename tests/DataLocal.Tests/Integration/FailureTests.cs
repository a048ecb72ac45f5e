using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Grpc;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Transfer;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using Google.Protobuf;

namespace DataLocal.Tests.Integration;

/// <summary>Restarts, lost nodes, corrupt replicas and dead writers: no acknowledged data is lost, nothing half-written shows.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task NameNodeRestart_EveryFileStillThereAndReadable()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), "/r/lineitem.parquet", new PutOptions(BlockSize: 64 * 1024));
        await client.PutAsync(TestData.Parquet("manyrowgroups.parquet"), "/r/many.parquet", new PutOptions(BlockSize: 4096));

        await cluster.RestartNameNodeAsync();
        await cluster.WaitForLiveDataNodesAsync(3);
        using var after = cluster.CreateClient();

        Assert.Equal(2, (await after.ListAsync("/r")).Count);
        foreach (var (local, path) in new[] { ("lineitem-top10000.gzip.parquet", "/r/lineitem.parquet"), ("manyrowgroups.parquet", "/r/many.parquet") })
        {
            await Eventually.TrueAsync(async () => (await after.GetBlocksAsync(path)).All(b => b.Replicas.Count == 2), $"{path} replicas reported again");
            using var output = new MemoryStream();
            await after.ReadToAsync(path, output);
            Assert.Equal(File.ReadAllBytes(TestData.Parquet(local)), output.ToArray());
        }
    }

    [Fact]
    public async Task NameNodeRestart_DatanodesDown_SafeModeRefusesChangesUntilTheyReport()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/sm/a.parquet");
        await cluster.StopDataNodeAsync(0);
        await cluster.StopDataNodeAsync(1);

        await cluster.RestartNameNodeAsync();
        using var after = cluster.CreateClient();
        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => after.PutAsync(TestData.Parquet("sort_columns.parquet"), "/sm/b.parquet"));
        var (on, status) = await after.SafeModeAsync("get");
        await cluster.StartDataNodeAsync(0);
        await cluster.StartDataNodeAsync(1);

        Assert.Contains("safe mode", refused.Message, StringComparison.Ordinal);
        Assert.True(on, status);
        Assert.Contains("0 of 1 blocks have a reported replica", status, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => !(await after.SafeModeAsync("get")).On, "safe mode to end once the datanodes report");
        // One node's report can end safe mode before the other has registered; replication 2 needs both.
        await cluster.WaitForLiveDataNodesAsync(2);
        await after.PutAsync(TestData.Parquet("sort_columns.parquet"), "/sm/b.parquet");
    }

    [Fact]
    public async Task SafeMode_EnteredByHand_RefusesWritesUntilLeft()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();

        Assert.True((await client.SafeModeAsync("enter")).On);
        await Assert.ThrowsAnyAsync<DataLocalException>(() => client.MkdirsAsync("/x", parents: true));
        Assert.False((await client.SafeModeAsync("leave")).On);
        await client.MkdirsAsync("/x", parents: true);
    }

    [Fact]
    public async Task Client_NameNodeBackWithinSeconds_CallRetriesAndSucceeds()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();
        await client.MkdirsAsync("/still-here", parents: true);

        await cluster.StopNameNodeAsync();
        var listing = client.ListAsync("/");
        await cluster.StartNameNodeAsync();

        Assert.Contains(await listing, e => e.Path == "/still-here");
    }

    [Fact]
    public async Task DataNodeRestart_ReportsItsBlocksAndServesThemAgain()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("userdata1.parquet"), "/dn/userdata1.parquet", new PutOptions(BlockSize: 32 * 1024));

        await cluster.StopDataNodeAsync(0);
        await cluster.StopDataNodeAsync(1);
        await cluster.StartDataNodeAsync(0);
        await cluster.StartDataNodeAsync(1);
        await cluster.WaitForLiveDataNodesAsync(2);

        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync("/dn/userdata1.parquet")).All(b => b.Replicas.Count == 2), "replicas reported after restart");
        using var output = new MemoryStream();
        await client.ReadToAsync("/dn/userdata1.parquet", output);
        Assert.Equal(File.ReadAllBytes(TestData.Parquet("userdata1.parquet")), output.ToArray());
    }

    [Fact]
    public async Task CorruptReplica_NeverServed_ReaderUsesAnother_ThenReplacedByACopyOfAGoodReplica()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureNameNode: o => o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200));
        using var client = cluster.CreateClient();
        var original = TestData.Parquet("userdata1.parquet");
        await client.PutAsync(original, "/c/userdata1.parquet");
        var block = (await client.GetBlocksAsync("/c/userdata1.parquet")).Single();
        var replicaFile = Path.Combine(cluster.DataNodeDirectory(0), "current", $"blk_{block.BlockId}");
        var bytes = await File.ReadAllBytesAsync(replicaFile);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(replicaFile, bytes);
        var corruptNode = cluster.BlockStoreOf(0).NodeId;

        // Read until the corrupt node has been tried: replicas come in random order.
        await Eventually.TrueAsync(async () =>
        {
            using var output = new MemoryStream();
            await client.ReadToAsync("/c/userdata1.parquet", output);
            Assert.Equal(File.ReadAllBytes(original), output.ToArray());
            return (await client.GetBlocksAsync("/c/userdata1.parquet")).Single().CorruptReplicas.Any(r => r.NodeId == corruptNode);
        }, "the corrupt replica to be reported");
        // With no other node free, the good replica is copied over the corrupt one.
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync("/c/userdata1.parquet")).Single() is { Replicas.Count: 2, CorruptReplicas.Count: 0 },
            "the corrupt replica to be replaced by a good copy");
        Assert.Equal(File.ReadAllBytes(original), await cluster.BlockStoreOf(0).OpenReplica(block.BlockId).ReadAllAsync(4096, CancellationToken.None));
    }

    [Fact]
    public async Task DataNodeKilledMidPut_PutEndsWithCompleteFileOrCleanError()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        using var client = cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 24 * 1024 * 1024);
        var put = client.PutAsync(local, "/kill/big.bin", new PutOptions(BlockSize: 1024 * 1024));

        await Eventually.TrueAsync(() => cluster.BlockStoreOf(0).ReplicaCount + cluster.BlockStoreOf(1).ReplicaCount + cluster.BlockStoreOf(2).ReplicaCount >= 4,
            "some blocks to land before the kill");
        await cluster.StopDataNodeAsync(0);

        try
        {
            await put;
        }
        catch (DataLocalException)
        {
            // A clean error is allowed; a half-visible file is not.
            Assert.Null(await client.StatAsync("/kill/big.bin"));
            return;
        }
        using var output = new MemoryStream();
        await client.ReadToAsync("/kill/big.bin", output);
        Assert.Equal(File.ReadAllBytes(local), output.ToArray());
    }

    [Fact]
    public async Task WriterDiesMidPut_NoVisibleFileAndNoStrayBlocksAfterLeaseExpiry()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureNameNode: o => o.WriteLeaseTimeout = TimeSpan.FromSeconds(1));
        using var channels = new GrpcChannelPool(credential: cluster.AdminToken);
        var namenode = new ClientNamenode.ClientNamenodeClient(channels.For(cluster.NameNodeAddress));

        // A writer that stores one block and then vanishes without completing or abandoning.
        var write = await namenode.CreateFileAsync(new CreateFileRequest { Path = "/dead-writer.bin", Replication = 2 });
        var block = await namenode.AddBlockAsync(new AddBlockRequest { WriteId = write.WriteId });
        var transfer = new DataTransfer.DataTransferClient(channels.For(block.Pipeline[0].Address));
        using (var call = transfer.WriteBlock())
        {
            var header = new WriteBlockHeader { BlockId = block.BlockId, GenerationStamp = block.GenerationStamp, ExpectedLength = 1000, BlockToken = block.BlockToken };
            header.Downstream.Add(new PipelineTarget { NodeId = block.Pipeline[1].NodeId, Address = block.Pipeline[1].Address });
            await call.RequestStream.WriteAsync(new WriteBlockChunk { Header = header, Data = ByteString.CopyFrom(new byte[1000]) });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }
        Assert.True(cluster.BlockStoreOf(0).Contains(block.BlockId));

        using var client = cluster.CreateClient();
        Assert.Null(await client.StatAsync("/dead-writer.bin"));
        await Eventually.TrueAsync(() => !cluster.BlockStoreOf(0).Contains(block.BlockId) && !cluster.BlockStoreOf(1).Contains(block.BlockId),
            "the dead writer's block to be deleted everywhere");
        Assert.Null(await client.StatAsync("/dead-writer.bin"));
    }

    [Fact]
    public async Task DataNodeStopped_MarkedDeadAfterTimeout()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1,
            configureNameNode: o => o.DeadNodeTimeout = TimeSpan.FromSeconds(1));
        using var client = cluster.CreateClient();

        await cluster.StopDataNodeAsync(1);

        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).Datanodes.Count(d => d.State == "dead") == 1, "the stopped node to be dead");
        Assert.Equal(1, (await client.GetClusterReportAsync()).LiveCount);
    }

    [Fact]
    public async Task DataNodeLost_BlocksCopiedBackToTheirReplication_ExtraReplicasDroppedWhenItReturns()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2, configureNameNode: o =>
        {
            o.DeadNodeTimeout = TimeSpan.FromSeconds(1);
            o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200);
        });
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("manyrowgroups.parquet"), "/rr.parquet", new PutOptions(BlockSize: 8 * 1024));
        var lost = cluster.BlockStoreOf(0).NodeId;

        await cluster.StopDataNodeAsync(0);

        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync("/rr.parquet")).All(b => b.Replicas.Count == 2 && b.Replicas.All(r => r.NodeId != lost)),
            "every block back at two live replicas without the lost node");
        using (var output = new MemoryStream())
        {
            await client.ReadToAsync("/rr.parquet", output);
            Assert.Equal(File.ReadAllBytes(TestData.Parquet("manyrowgroups.parquet")), output.ToArray());
        }

        await cluster.StartDataNodeAsync(0);
        await cluster.WaitForLiveDataNodesAsync(3);
        await Eventually.TrueAsync(async () =>
        {
            var blocks = await client.GetBlocksAsync("/rr.parquet");
            var onDisk = Enumerable.Range(0, 3).Sum(i => blocks.Count(b => cluster.BlockStoreOf(i).Contains(b.BlockId)));
            return blocks.All(b => b.Replicas.Count == 2) && onDisk == 2 * blocks.Count;
        }, "the returning node's extra replicas to be deleted");
    }

    [Fact]
    public async Task Decommission_DrainsTheNodeThenMarksItDecommissioned_NewWritesAvoidIt()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2, configureNameNode: o =>
        {
            o.DeadNodeTimeout = TimeSpan.FromSeconds(1);
            o.ReplicationCheckInterval = TimeSpan.FromMilliseconds(200);
        });
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("manyrowgroups.parquet"), "/dc/many.parquet", new PutOptions(BlockSize: 8 * 1024));
        var draining = cluster.DataNodes[0]!;

        var started = await client.DecommissionAsync(draining.Address);
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).Datanodes.Single(d => d.NodeId == draining.NodeId).AdminState == "decommissioned",
            "the node to be drained and decommissioned");

        Assert.Equal("decommissioning", started.AdminState);
        foreach (var block in await client.GetBlocksAsync("/dc/many.parquet"))
        {
            Assert.True(block.Replicas.Count(r => r.NodeId != draining.NodeId) >= 2, $"block {block.BlockId} has fewer than 2 replicas off the drained node");
        }
        await client.PutAsync(TestData.Parquet("userdata1.parquet"), "/dc/after.parquet", new PutOptions(BlockSize: 16 * 1024));
        Assert.All(await client.GetBlocksAsync("/dc/after.parquet"), b => Assert.DoesNotContain(b.Replicas, r => r.NodeId == draining.NodeId));
        Assert.Equal("normal", (await client.RecommissionAsync(draining.NodeId)).AdminState);
    }

    [Fact]
    public async Task Decommission_UnknownNode_ClearError()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.DecommissionAsync("127.0.0.1:1"));

        Assert.Contains("no datanode '127.0.0.1:1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_ReportsUnderReplicatedThenMissingBlocks()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2, configureNameNode: o =>
        {
            o.DeadNodeTimeout = TimeSpan.FromSeconds(1);
            o.ReplicationCheckInterval = TimeSpan.FromHours(1);
        });
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/fsck/a.parquet");
        Assert.Contains("is HEALTHY", (await Fsck(cluster)).Output, StringComparison.Ordinal);

        await cluster.StopDataNodeAsync(1);
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).LiveCount == 1, "one node dead");
        var degraded = await Fsck(cluster);
        await cluster.StopDataNodeAsync(0);
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).LiveCount == 0, "both nodes dead");
        var lost = await Fsck(cluster);

        Assert.Equal(0, degraded.Code);
        Assert.Contains("UNDER_REPLICATED: 1 of 2 replicas live", degraded.Output, StringComparison.Ordinal);
        Assert.Equal(1, lost.Code);
        Assert.Contains("MISSING", lost.Output, StringComparison.Ordinal);
        Assert.Contains("is CORRUPT", lost.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> Fsck(InProcessCluster cluster)
    {
        var output = new StringWriter();
        var code = await DataLocal.Cli.CliApp.RunAsync(["fs", "fsck", "/", .. cluster.CliConnection], new DataLocal.Cli.CliConsole(output, TextWriter.Null));
        return (code, output.ToString());
    }

    [Fact]
    public async Task UnknownReplicaOnDisk_DeletedAfterBlockReport()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/keep.parquet");
        var kept = (await client.GetBlocksAsync("/keep.parquet")).Single().BlockId;
        await cluster.StopDataNodeAsync(0);
        // A replica of a block no file owns, as a crashed put would leave behind.
        var current = Path.Combine(cluster.DataNodeDirectory(0), "current");
        File.Copy(Path.Combine(current, $"blk_{kept}"), Path.Combine(current, "blk_999"));
        File.Copy(ReplicaFiles.MetaPath(cluster, 0, kept), Path.Combine(current, "blk_999.meta"));

        await cluster.StartDataNodeAsync(0);

        await Eventually.TrueAsync(() => !cluster.BlockStoreOf(0).Contains(999), "the stray replica to be deleted");
        Assert.True(cluster.BlockStoreOf(0).Contains(kept));
    }
}
