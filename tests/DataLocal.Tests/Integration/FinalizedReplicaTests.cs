using DataLocal.Common.Grpc;
using DataLocal.Protocol.Security;
using DataLocal.Protocol.Transfer;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.Tests.Integration;

/// <summary>
/// A datanode's WriteBlock is reachable by anyone who can reach its port: a finalized replica must
/// not be replaceable through it, and ids the namenode never allocates must be refused.
/// </summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class FinalizedReplicaTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task WriteBlock_IdOfFinalizedReplica_RefusedAndReplicaUntouched()
    {
        var cluster = fixture.Cluster;
        using var client = cluster.CreateClient();
        var original = new byte[3000];
        new Random(13).NextBytes(original);
        var local = Path.Combine(Files.TempDirectory(), "original.bin");
        await File.WriteAllBytesAsync(local, original);
        await client.PutAsync(local, "/finalized/original.bin");
        var block = (await client.GetBlocksAsync("/finalized/original.bin")).Single();
        var tampered = original.Select(b => (byte)~b).ToArray();

        var statuses = new List<Status>();
        foreach (var replica in block.Replicas)
        {
            // With a valid write grant for the block and its stamp: the refusal comes from the finalized replica itself.
            var stamp = cluster.BlockStoreOf(replica.NodeId).GenerationStampOf(block.BlockId)!.Value;
            statuses.Add(await WriteDirectAsync(cluster.AdminToken, replica.Address, block.BlockId, stamp, cluster.IssueBlockToken(block.BlockId, stamp, BlockAccessMode.Write), tampered));
        }

        Assert.All(statuses, s => Assert.Equal(StatusCode.AlreadyExists, s.StatusCode));
        Assert.All(statuses, s => Assert.DoesNotContain('\n', s.Detail));
        using var output = new MemoryStream();
        await client.ReadToAsync("/finalized/original.bin", output);
        Assert.Equal(original, output.ToArray());
        foreach (var replica in block.Replicas)
        {
            // Read through the node's own store, so the checksum file is checked against the original bytes too.
            var store = cluster.BlockStoreOf(replica.NodeId);
            Assert.Equal(original, await store.OpenReplica(block.BlockId).ReadAllAsync(4096, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public async Task WriteBlock_IdZeroOrNegative_RefusedWithInvalidArgumentAndNothingStored(long blockId)
    {
        var cluster = fixture.Cluster;
        var address = cluster.DataNodes[0]!.Address;

        var status = await WriteDirectAsync(cluster.AdminToken, address, blockId, 0, cluster.IssueBlockToken(blockId, 0, BlockAccessMode.Write), [1, 2, 3]);

        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Contains($"block id {blockId}", status.Detail, StringComparison.Ordinal);
        Assert.False(cluster.BlockStoreOf(0).Contains(blockId));
    }

    /// <summary>Sends one whole block straight to a datanode, as an outsider speaking the protocol would, and returns how the call ended.</summary>
    internal static async Task<Status> WriteDirectAsync(string token, string address, long blockId, long stamp, BlockToken? blockToken, byte[] data)
    {
        using var channels = new GrpcChannelPool(credential: token);
        var client = new DataTransfer.DataTransferClient(channels.For(address));
        using var call = client.WriteBlock();
        try
        {
            await call.RequestStream.WriteAsync(new WriteBlockChunk
            {
                Header = new WriteBlockHeader { BlockId = blockId, ExpectedLength = data.Length, GenerationStamp = stamp, BlockToken = blockToken },
                Data = ByteString.CopyFrom(data),
            });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The node may refuse before it has read the stream; the response below carries why.
        }
        try
        {
            await call.ResponseAsync;
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }
}
