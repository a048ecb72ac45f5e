using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Security;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Transfer;
using DataLocal.Tests.EndToEnd;
using DataLocal.Tests.Jobs;
using DataLocal.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace DataLocal.Tests.Security;

/// <summary>
/// A cluster running TLS: files and jobs work as without it (with a datanode-to-datanode pipeline, since
/// replication is 2), and every port refuses a plaintext connection while answering the same call over TLS.
/// </summary>
public sealed class TlsClusterTests(TlsClusterFixture fixture) : IClassFixture<TlsClusterFixture>
{
    private readonly InProcessCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task PutGet_OverTls_ReturnsTheSameBytes_AcrossBlocksAndReplicas()
    {
        using var client = _cluster.CreateClient();
        var source = Path.Combine(Cluster.Files.TempDirectory(), "random.bin");
        await File.WriteAllBytesAsync(source, Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 300_000));
        var copy = Path.Combine(Cluster.Files.TempDirectory(), "copy.bin");

        await client.PutAsync(source, "/tls/random.bin", new PutOptions(BlockSize: 64 * 1024));
        await client.GetAsync("/tls/random.bin", copy);

        Assert.Equal(Cluster.Files.Sha256(source), Cluster.Files.Sha256(copy));
        var blocks = await client.GetBlocksAsync("/tls/random.bin");
        Assert.True(blocks.Count >= 5, $"{blocks.Count} blocks");
        Assert.All(blocks, b => Assert.Equal(2, b.Replicas.Count));
        Assert.All(blocks.SelectMany(b => b.Replicas), r => Assert.StartsWith("https://", r.Address, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Job_OverTls_GivesDuckDbsAnswer()
    {
        using var client = _cluster.CreateClient();
        await ExecutorStoppedTests.PutInputAsync(client);

        var id = await client.Jobs.SubmitAsync(ExecutorStoppedTests.Sql);
        var job = await client.Jobs.WaitAsync(id).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(ExecutorStoppedTests.DuckDbAnswer, JobQueryTests.Format(job));
    }

    [Fact]
    public async Task NameNodeRpc_Plaintext_IsRefused_WhileTlsAnswers()
    {
        var port = new Uri(_cluster.NameNodeAddress).Port;
        using var tls = CredentialChannel.For(_cluster.NameNodeAddress, _cluster.AdminToken, trust: _cluster.Trust);
        await new ClientNamenode.ClientNamenodeClient(tls).GetFileInfoAsync(new PathRequest { Path = "/" });

        using var plain = CredentialChannel.For($"http://127.0.0.1:{port}", _cluster.AdminToken);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await new ClientNamenode.ClientNamenodeClient(plain).GetFileInfoAsync(new PathRequest { Path = "/" }));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    [Fact]
    public async Task DataNodeRpc_Plaintext_IsRefused_WhileTlsAnswers()
    {
        var address = _cluster.DataNodes[0]!.Address;
        Assert.StartsWith("https://", address, StringComparison.Ordinal);
        using var tls = CredentialChannel.For(address, _cluster.ClusterSecret, trust: _cluster.Trust);
        Assert.Equal(_cluster.DataNodes[0]!.NodeId, (await new DataTransfer.DataTransferClient(tls).PingAsync(new PingRequest())).NodeId);

        using var plain = CredentialChannel.For("http://" + address["https://".Length..], _cluster.ClusterSecret);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await new DataTransfer.DataTransferClient(plain).PingAsync(new PingRequest()));

        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    [Theory]
    [InlineData("namenode")]
    [InlineData("datanode")]
    public async Task HttpPort_PlainGet_IsRefused_WhileHttpsAnswers(string role)
    {
        var address = role == "namenode" ? _cluster.NameNode.HttpAddress! : _cluster.DataNodes[0]!.HttpAddress!;
        Assert.StartsWith("https://", address, StringComparison.Ordinal);
        using var https = _cluster.CreateStatusClient();
        Assert.True((await https.GetAsync(address + "/healthz")).IsSuccessStatusCode);

        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("http://" + address["https://".Length..] + "/healthz"));
    }

    [Fact]
    public async Task Client_TrustingAnotherCa_FailsAtOnceWithOneLineNamingTheCertificate()
    {
        using var stranger = TestCertificates.Create("Stranger CA");
        using var client = new DataLocalClient(_cluster.NameNodeAddress, new DataLocalClientOptions { Token = _cluster.AdminToken, TlsCaFile = stranger.CaFile });

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ListAsync("/"));

        Assert.Equal(
            $"TLS: the certificate of 127.0.0.1 (CN=node) was issued by CN=DataLocal test CA, not by the cluster CA in {stranger.CaFile}",
            error.Message);
    }

    [Fact]
    public async Task Client_WithoutTheCa_CallingHttps_IsRefusedByTheSystemStore()
    {
        // Whoever does not hold the cluster CA gets no connection: the system store does not know it.
        using var client = new DataLocalClient(_cluster.NameNodeAddress, new DataLocalClientOptions { Token = _cluster.AdminToken });

        await Assert.ThrowsAnyAsync<DataLocalException>(() => client.ListAsync("/"));
    }
}
