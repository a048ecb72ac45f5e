using DataLocal.Common.Grpc;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Security;
using DataLocal.Protocol.Transfer;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Jobs;
using DataLocal.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Security;

/// <summary>
/// Block-token keys and signatures are secrets: a cluster run with key rolls, refused reads and jobs,
/// logging everything at Trace, never logs one of them.
/// </summary>
public sealed class BlockTokenSecretsInLogsTests
{
    [Fact]
    public async Task RunWithRollsAndRefusals_NoBlockKeyOrTokenSignatureInAnyLogLine()
    {
        var logs = new CapturedLogs();
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureNameNode: o => o.BlockTokenKeyUpdateInterval = TimeSpan.FromMilliseconds(200), configureLogging: logs.Configure);
        using var client = cluster.CreateClient();
        var keys = cluster.NameNode.Services.GetRequiredService<BlockTokenKeys>();
        var issuedKeys = new HashSet<string>();
        var issuedSignatures = new HashSet<string>();
        void Collect()
        {
            foreach (var key in keys.Export().Keys)
            {
                issuedKeys.Add(key.Secret.ToBase64());
                issuedKeys.Add(Convert.ToHexString(key.Secret.Span));
            }
        }

        for (var round = 0; round < 3; round++)
        {
            Collect();
            await client.PutAsync(TestData.Parquet("sort_columns.parquet"), $"/logs/{round}.parquet");
            var block = (await client.GetBlocksAsync($"/logs/{round}.parquet")).Single();
            issuedSignatures.Add(block.Token!.Signature.ToBase64());
            await RefusedReadAsync(cluster, block.Replicas[0].Address, block.BlockId, token: null);
            var forged = block.Token.Clone();
            forged.Signature = Google.Protobuf.ByteString.CopyFrom(new byte[32]);
            await RefusedReadAsync(cluster, block.Replicas[0].Address, block.BlockId, forged);
            Assert.Equal("succeeded", (await JobQueryTests.RunAsync(client, $"SELECT count(*), sum(a) FROM /logs/{round}.parquet")).State);
            var before = keys.Export().CurrentKeyId;
            await Eventually.TrueAsync(() => keys.Export().CurrentKeyId != before, "a key roll");
        }
        Collect();

        var all = string.Join('\n', logs.Lines);
        Assert.Contains("permission denied", all, StringComparison.Ordinal);
        Assert.All(issuedKeys.Concat(issuedSignatures), secret => Assert.DoesNotContain(secret, all, StringComparison.Ordinal));
    }

    private static async Task RefusedReadAsync(InProcessCluster cluster, string address, long blockId, BlockToken? token)
    {
        using var channels = new GrpcChannelPool(credential: cluster.AdminToken);
        using var call = new DataTransfer.DataTransferClient(channels.For(address)).ReadBlock(new ReadBlockRequest { BlockId = blockId, BlockToken = token });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
