using DataLocal.Client.Model;
using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using DataLocal.DataNode.Executor;
using DataLocal.DataNode.NameNodeLink;
using DataLocal.Protocol.Datanode;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Security;
using DataLocal.Protocol.Transfer;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Integration;
using DataLocal.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Security;

/// <summary>
/// An authenticated user speaking straight to a datanode gets no block without the namenode's token
/// for it, and stores none the namenode did not allocate: every refusal is PermissionDenied with one
/// line, before any byte is served or written.
/// </summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class BlockTokenDatanodeTests(SharedClusterFixture fixture)
{
    private InProcessCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task ReadBlock_WithoutToken_PermissionDeniedAndNoByteServed()
    {
        var block = await StoredBlockAsync("no-token");

        var (status, bytes) = await ReadDirectAsync(block, token: null);

        AssertRefused(status, "no block token");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task ReadBlock_TokenForAnotherBlock_PermissionDenied()
    {
        var block = await StoredBlockAsync("other-a");
        var other = await StoredBlockAsync("other-b");

        var (status, bytes) = await ReadDirectAsync(block, other.Token);

        AssertRefused(status, $"is for block {other.BlockId}, not block {block.BlockId}");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task ReadBlock_ExpiredToken_PermissionDenied()
    {
        var block = await StoredBlockAsync("expired");

        var (status, bytes) = await ReadDirectAsync(block, Resigned(block.Token!, id => id.ExpiryUnixMs = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()));

        AssertRefused(status, "expired");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task ReadBlock_TokenWithBadSignature_PermissionDenied()
    {
        var block = await StoredBlockAsync("bad-signature");
        var signature = block.Token!.Signature.ToByteArray();
        signature[0] ^= 1;

        var (status, bytes) = await ReadDirectAsync(block, new BlockToken { Identifier = block.Token.Identifier, Signature = ByteString.CopyFrom(signature) });

        AssertRefused(status, "bad signature");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task ReadBlock_TokenNamingAnotherBlockWithTheOriginalSignature_PermissionDenied()
    {
        // Changing what the token grants without the key breaks its signature.
        var block = await StoredBlockAsync("edited-a");
        var other = await StoredBlockAsync("edited-b");
        var identifier = BlockTokenIdentifier.Parser.ParseFrom(other.Token!.Identifier);
        identifier.BlockId = block.BlockId;

        var (status, _) = await ReadDirectAsync(block, new BlockToken { Identifier = identifier.ToByteString(), Signature = other.Token.Signature });

        AssertRefused(status, "bad signature");
    }

    [Fact]
    public async Task ReadBlock_TokenSignedWithAKeyTheDatanodeDoesNotHold_PermissionDenied()
    {
        var block = await StoredBlockAsync("unknown-key");
        var identifier = BlockTokenIdentifier.Parser.ParseFrom(block.Token!.Identifier);
        identifier.KeyId = -12345;
        var bytes = identifier.ToByteArray();

        var (status, served) = await ReadDirectAsync(block, new BlockToken
        {
            Identifier = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(BlockTokenSignature.Compute(bytes, new byte[32])),
        });

        AssertRefused(status, "key -12345, which this datanode does not hold");
        Assert.Equal(0, served);
    }

    [Fact]
    public async Task ReadUnverifiedReplica_WithoutToken_PermissionDenied()
    {
        var block = await StoredBlockAsync("unverified");
        using var channels = new GrpcChannelPool(credential: Cluster.AdminToken);
        var client = new DataTransfer.DataTransferClient(channels.For(block.Replicas[0].Address));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.ReadUnverifiedReplica(new ReadBlockRequest { BlockId = block.BlockId });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        AssertRefused(error.Status, "no block token");
    }

    [Fact]
    public async Task ReadBlock_OtherUsersToken_PermissionDenied()
    {
        var block = await StoredBlockAsync("stolen");
        using var admin = Cluster.CreateClient();
        var eve = await admin.AddUserAsync($"eve{Guid.NewGuid():N}"[..12], admin: false);

        var (status, bytes) = await ReadDirectAsync(block, block.Token, credential: eve);

        AssertRefused(status, "issued to another user");
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task WriteBlock_IdNeverAllocated_PermissionDeniedAndNothingStored()
    {
        const long neverAllocated = 4_242_424_242L;
        var address = Cluster.DataNodes[0]!.Address;
        var someoneElses = await StoredBlockAsync("never-allocated");

        var withoutToken = await FinalizedReplicaTests.WriteDirectAsync(Cluster.AdminToken, address, neverAllocated, 0, blockToken: null, [1, 2, 3]);
        var withOtherBlocksToken = await FinalizedReplicaTests.WriteDirectAsync(Cluster.AdminToken, address, neverAllocated, 0, someoneElses.Token, [1, 2, 3]);

        AssertRefused(withoutToken, "no block token");
        AssertRefused(withOtherBlocksToken, $"is for block {someoneElses.BlockId}, not block {neverAllocated}");
        Assert.False(Cluster.BlockStoreOf(0).Contains(neverAllocated));
    }

    [Fact]
    public async Task WriteBlock_ReadTokenOfAllocatedBlock_PermissionDeniedAndNothingStored()
    {
        using var channels = new GrpcChannelPool(credential: Cluster.AdminToken);
        var namenode = new ClientNamenode.ClientNamenodeClient(channels.For(Cluster.NameNodeAddress));
        var write = await namenode.CreateFileAsync(new CreateFileRequest { Path = $"/tokens/read-as-write-{Guid.NewGuid():N}", Replication = 1 });
        var allocated = await namenode.AddBlockAsync(new AddBlockRequest { WriteId = write.WriteId });
        var readToken = Cluster.IssueBlockToken(allocated.BlockId, allocated.GenerationStamp, BlockAccessMode.Read);

        var status = await FinalizedReplicaTests.WriteDirectAsync(
            Cluster.AdminToken, allocated.Pipeline[0].Address, allocated.BlockId, allocated.GenerationStamp, readToken, [1, 2, 3]);

        AssertRefused(status, "grants Read, not Write or Copy");
        Assert.False(Cluster.BlockStoreOf(allocated.Pipeline[0].NodeId).Contains(allocated.BlockId));
        await namenode.AbandonFileAsync(new AbandonFileRequest { WriteId = write.WriteId });
    }

    [Fact]
    public async Task WriteBlock_WriteTokenWithAnotherGenerationStamp_PermissionDenied()
    {
        using var channels = new GrpcChannelPool(credential: Cluster.AdminToken);
        var namenode = new ClientNamenode.ClientNamenodeClient(channels.For(Cluster.NameNodeAddress));
        var write = await namenode.CreateFileAsync(new CreateFileRequest { Path = $"/tokens/stamp-{Guid.NewGuid():N}", Replication = 1 });
        var allocated = await namenode.AddBlockAsync(new AddBlockRequest { WriteId = write.WriteId });

        var status = await FinalizedReplicaTests.WriteDirectAsync(
            Cluster.AdminToken, allocated.Pipeline[0].Address, allocated.BlockId, allocated.GenerationStamp + 1, allocated.BlockToken, [1, 2, 3]);

        AssertRefused(status, "generation stamp");
        Assert.False(Cluster.BlockStoreOf(allocated.Pipeline[0].NodeId).Contains(allocated.BlockId));
        await namenode.AbandonFileAsync(new AbandonFileRequest { WriteId = write.WriteId });
    }

    [Fact]
    public async Task Read_TokenExpiredBeforeTheBlockIsReached_LocationsFetchedAgainOnceAndReadSucceeds()
    {
        using var client = Cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 5000, seed: 31);
        await client.PutAsync(local, "/tokens/long-read.bin");
        var block = (await client.GetBlocksAsync("/tokens/long-read.bin")).Single();
        var stale = block with { Token = Resigned(block.Token!, id => id.ExpiryUnixMs = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds()) };
        using var channels = new GrpcChannelPool(credential: Cluster.AdminToken);
        var namenode = new ClientNamenode.ClientNamenodeClient(channels.For(Cluster.NameNodeAddress));
        var relocations = 0;
        using var output = new MemoryStream();

        await new DataLocal.Client.Reading.BlockFetcher(channels, namenode).CopyToAsync("/tokens/long-read.bin", stale, output, _ =>
        {
            relocations++;
            return Task.FromResult<BlockInfo?>(block);
        }, CancellationToken.None);

        Assert.Equal(1, relocations);
        Assert.Equal(await File.ReadAllBytesAsync(local), output.ToArray());
    }

    [Fact]
    public async Task ExecutorRead_TaskWithoutToken_RefusedBeforeReadingTheLocalReplica()
    {
        var block = await StoredBlockAsync("task");
        var holder = Enumerable.Range(0, Cluster.DataNodes.Count).First(i => Cluster.BlockStoreOf(i).NodeId == block.Replicas[0].NodeId);
        var reader = Cluster.DataNodes[holder]!.Services.GetRequiredService<BlockSourceReader>();
        var task = new TaskAssignment { JobId = "job-x", BlockId = block.BlockId, BlockLength = block.Length, File = "/tokens/task" };

        var error = await Assert.ThrowsAsync<BlockTokenException>(() => reader.ReadAsync(task, CancellationToken.None));

        Assert.Contains("no block token", error.Message, StringComparison.Ordinal);
        task.BlockToken = block.Token;
        Assert.Equal(block.Length, (await reader.ReadAsync(task, CancellationToken.None)).Data.Length);
    }

    [Fact]
    public async Task CopyOrder_WithoutCopyToken_NotCarriedOutAndNothingStoredOnTheTarget()
    {
        var block = await StoredBlockAsync("copy");
        var holders = block.Replicas.Select(r => r.NodeId).ToHashSet();
        var source = Enumerable.Range(0, Cluster.DataNodes.Count).First(i => Cluster.BlockStoreOf(i).NodeId == block.Replicas[0].NodeId);
        var target = Enumerable.Range(0, Cluster.DataNodes.Count).First(i => !holders.Contains(Cluster.BlockStoreOf(i).NodeId));
        var copier = Cluster.DataNodes[source]!.Services.GetRequiredService<ReplicaCopier>();
        var order = new ReplicateBlockCommand { BlockId = block.BlockId, Length = block.Length };
        order.Targets.Add(new TaskReplica { NodeId = Cluster.BlockStoreOf(target).NodeId, Address = Cluster.DataNodes[target]!.Address });
        order.BlockToken = block.Token; // a READ grant is not a COPY grant

        await copier.CopyAsync(order, CancellationToken.None);

        Assert.False(Cluster.BlockStoreOf(target).Contains(block.BlockId));
    }

    private async Task<BlockInfo> StoredBlockAsync(string name)
    {
        using var client = Cluster.CreateClient();
        var path = $"/tokens/{name}-{Guid.NewGuid():N}.bin";
        await client.PutAsync(Files.Random(Files.TempDirectory(), 3000, seed: name.Length), path);
        var block = (await client.GetBlocksAsync(path)).Single();
        Assert.NotNull(block.Token);
        return block;
    }

    /// <summary>Reads the block from its first replica as an outsider would; returns how the call ended and how many bytes came.</summary>
    private async Task<(Status Status, long Bytes)> ReadDirectAsync(BlockInfo block, BlockToken? token, string? credential = null)
    {
        using var channels = new GrpcChannelPool(credential: credential ?? Cluster.AdminToken);
        var client = new DataTransfer.DataTransferClient(channels.For(block.Replicas[0].Address));
        var bytes = 0L;
        try
        {
            using var call = client.ReadBlock(new ReadBlockRequest { BlockId = block.BlockId, BlockToken = token });
            await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            {
                bytes += chunk.Data.Length;
            }
            return (Status.DefaultSuccess, bytes);
        }
        catch (RpcException ex)
        {
            return (ex.Status, bytes);
        }
    }

    /// <summary>A token with its grant changed and signed again with the namenode's current key: valid in every way but the change.</summary>
    private BlockToken Resigned(BlockToken token, Action<BlockTokenIdentifier> change)
    {
        var identifier = BlockTokenIdentifier.Parser.ParseFrom(token.Identifier);
        change(identifier);
        var key = Cluster.NameNode.Services.GetRequiredService<BlockTokenKeys>().Export().Keys.Single(k => k.KeyId == identifier.KeyId);
        var bytes = identifier.ToByteArray();
        return new BlockToken { Identifier = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(BlockTokenSignature.Compute(bytes, key.Secret.Span)) };
    }

    private static void AssertRefused(Status status, string why)
    {
        Assert.Equal(StatusCode.PermissionDenied, status.StatusCode);
        Assert.Contains(why, status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', status.Detail);
    }
}
