using System.Diagnostics;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Grpc;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>A peer that hangs without closing its socket bounds its caller's wait instead of hanging it.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class SilentPeerTests(SharedClusterFixture fixture)
{
    private static readonly GrpcTimeouts Short = new() { ControlCall = TimeSpan.FromSeconds(1), StreamIdle = TimeSpan.FromSeconds(1) };

    // Generous: the bound under test is 1 s; this only keeps a regression from hanging the suite.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ControlCall_NameNodeSilent_FailsSayingItDidNotAnswerInTime()
    {
        using var silent = new SilentPeer();
        using var client = new DataLocalClient(silent.Address, new DataLocalClientOptions { Timeouts = Short });

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ListAsync("/").WaitAsync(Hung));

        Assert.Contains("did not answer in time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlockRead_FirstReplicaSilent_NextReplicaServesTheBlock()
    {
        using var client = fixture.Cluster.CreateClient();
        var local = TestData.Parquet("sort_columns.parquet");
        await client.PutAsync(local, "/silent/read.parquet", new PutOptions(Overwrite: true));
        var block = (await client.GetBlocksAsync("/silent/read.parquet"))[0];
        using var silent = new SilentPeer();
        using var channels = new GrpcChannelPool(Short, credential: fixture.Cluster.AdminToken);
        using var copy = new MemoryStream();
        var clock = Stopwatch.StartNew();

        await new BlockDownloader(channels).CopyToAsync(block.BlockId, block.Token, block.Length,
            [new BlockTarget("silent-node", silent.Address), .. block.Replicas.Select(r => new BlockTarget(r.NodeId, r.Address))],
            copy, onCorrupt: null, CancellationToken.None).WaitAsync(Hung);

        Assert.Equal((await File.ReadAllBytesAsync(local)).AsSpan(0, (int)block.Length).ToArray(), copy.ToArray());
        Assert.True(clock.Elapsed < Hung, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task BlockWrite_PipelineNodeSilent_FailsNamingThatNode()
    {
        using var silent = new SilentPeer();
        using var channels = new GrpcChannelPool(Short);
        var data = new byte[4 * 1024 * 1024];

        var error = await Assert.ThrowsAsync<PipelineWriteException>(() =>
            new BlockUploader(channels).UploadAsync(new StampedBlock(42, 1, Token: null), data, [new BlockTarget("silent-node", silent.Address)], CancellationToken.None).WaitAsync(Hung));

        Assert.Equal("silent-node", error.FailedNodeId);
        Assert.Contains("no progress for 1 s", error.Message, StringComparison.Ordinal);
    }
}
