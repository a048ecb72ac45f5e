using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Transfer;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataLocal.NamenodeBench;

/// <summary>
/// Datanodes that exist only as far as the namenode can tell: each answers the namenode's
/// reachability Ping as itself, registers, and reports replicas it does not store. They let the
/// namenode hold a million blocks' replica locations without a million blocks on disk.
/// </summary>
public sealed class FakeDatanodes : IAsyncDisposable
{
    private readonly List<WebApplication> _pingServers;

    private FakeDatanodes(List<WebApplication> pingServers, IReadOnlyList<(string NodeId, string Address)> nodes)
    {
        _pingServers = pingServers;
        Nodes = nodes;
    }

    public IReadOnlyList<(string NodeId, string Address)> Nodes { get; }

    public static async Task<FakeDatanodes> StartAsync(int count)
    {
        var servers = new List<WebApplication>();
        var nodes = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var nodeId = $"fake-dn-{i}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(new PingAnswer(nodeId));
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            app.MapGrpcService<PingOnlyTransfer>();
            await app.StartAsync().ConfigureAwait(false);
            servers.Add(app);
            nodes.Add((nodeId, app.Urls.Single()));
        }
        return new FakeDatanodes(servers, nodes);
    }

    /// <summary>Registers every node and sends each a full block report of <paramref name="replicas"/>, in parallel as real nodes would.</summary>
    public async Task RegisterAndReportAsync(string namenodeAddress, IEnumerable<ReplicaInfo> replicas)
    {
        using var channel = Channel(namenodeAddress);
        var client = new DatanodeNamenode.DatanodeNamenodeClient(channel);
        var report = replicas.ToList();
        await Task.WhenAll(Nodes.Select(async node =>
        {
            var registered = await client.RegisterAsync(new RegisterRequest
            {
                NodeId = node.NodeId,
                Address = node.Address,
                Rack = "/default-rack",
                CapacityBytes = 1L << 50,
                RemainingBytes = 1L << 50,
            });
            if (registered.Unreachable)
            {
                throw new InvalidOperationException($"{node.NodeId}: {registered.UnreachableReason}");
            }
            var request = new BlockReportRequest { NodeId = node.NodeId };
            request.Replicas.AddRange(report);
            await client.BlockReportAsync(request);
        })).ConfigureAwait(false);
    }

    /// <summary>Tells the namenode the pipeline's nodes have the block on disk, as each datanode does after a write.</summary>
    public static async Task ReportReceivedAsync(DatanodeNamenode.DatanodeNamenodeClient client, IEnumerable<string> nodeIds, long blockId, long length, long generationStamp)
    {
        foreach (var nodeId in nodeIds)
        {
            var request = new IncrementalBlockReportRequest { NodeId = nodeId };
            request.Received.Add(new ReplicaInfo { BlockId = blockId, Length = length, GenerationStamp = generationStamp });
            await client.IncrementalBlockReportAsync(request);
        }
    }

    public static GrpcChannel Channel(string address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024, MaxReceiveMessageSize = 64 * 1024 * 1024 });

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _pingServers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed record PingAnswer(string NodeId);

    private sealed class PingOnlyTransfer(PingAnswer answer) : DataTransfer.DataTransferBase
    {
        public override Task<PingReply> Ping(PingRequest request, ServerCallContext context) =>
            Task.FromResult(new PingReply { NodeId = answer.NodeId });
    }
}
