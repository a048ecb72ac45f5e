using DataLocal.Testing;
using DataLocal.Common.Security;
using System.Net;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Transfer;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataLocal.Testing;

/// <summary>
/// A process pretending to be a datanode, as an outsider (or a compromised node) speaking the real
/// protocols would: it answers the namenode's reachability Ping with its id so it registers as live
/// and reachable, claims plenty of free space, heartbeats, and sends whatever block reports a test
/// gives it. It stores nothing. Every block the namenode tells it to delete (in report replies or
/// heartbeat commands) is recorded, so a test can check what the namenode made of its claims. As an
/// executor it pulls tasks and sends whatever reports a test makes, with the executor credential the
/// namenode gave it at registration (or, through <see cref="ExchangeWith"/>, someone else's).
/// </summary>
public sealed class FakeDatanode : IAsyncDisposable
{
    private readonly WebApplication _pingServer;
    private readonly GrpcChannel _channel;
    private readonly DatanodeNamenode.DatanodeNamenodeClient _namenode;
    private volatile string _executorToken = string.Empty;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly HashSet<long> _toldToDelete = [];
    private Task _heartbeats = Task.CompletedTask;

    private FakeDatanode(string nodeId, WebApplication pingServer, string address, string namenodeAddress, string clusterSecret)
    {
        NodeId = nodeId;
        Address = address;
        _pingServer = pingServer;
        _channel = CredentialChannel.For(namenodeAddress, clusterSecret);
        _namenode = new DatanodeNamenode.DatanodeNamenodeClient(_channel);
    }

    public string NodeId { get; }

    public string Address { get; }

    /// <summary>The executor credential of this node's latest registration.</summary>
    public string ExecutorToken => _executorToken;

    /// <summary>This node's task calls: they carry its cluster secret and its own executor credential.</summary>
    public TaskExchange.TaskExchangeClient Exchange => ExchangeWith(() => _executorToken);

    /// <summary>Task calls from this process carrying the executor credential <paramref name="token"/> gives, as a forger holding one would send.</summary>
    public TaskExchange.TaskExchangeClient ExchangeWith(Func<string?> token) =>
        new(_channel.Intercept(headers => ExecutorCredential.With(headers, token())));

    /// <summary>Pulls a task as this node; null when the namenode has none for it within its wait.</summary>
    public async Task<TaskAssignment?> PullTaskAsync(params ByteString[] heldFooters)
    {
        var reply = await Exchange.PullTaskAsync(new PullTaskRequest { NodeId = NodeId, HeldFooters = { heldFooters } });
        return reply.HasTask ? reply.Task : null;
    }

    /// <summary>Blocks the namenode has told this node to delete so far.</summary>
    public IReadOnlySet<long> ToldToDelete
    {
        get { lock (_lock) { return _toldToDelete.ToHashSet(); } }
    }

    /// <summary>Starts the Ping endpoint and registers with the namenode, then heartbeats until disposed.</summary>
    public static Task<FakeDatanode> StartAsync(InProcessCluster cluster, string nodeId) =>
        StartAsync(cluster.NameNodeAddress, cluster.ClusterSecret, nodeId);

    /// <summary>Starts the Ping endpoint and registers with the namenode at <paramref name="namenodeAddress"/>, then heartbeats until disposed.</summary>
    public static async Task<FakeDatanode> StartAsync(string namenodeAddress, string clusterSecret, string nodeId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new PingAnswer(nodeId));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<PingOnlyDataTransfer>();
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        var fake = new FakeDatanode(nodeId, app, $"http://127.0.0.1:{port}", namenodeAddress, clusterSecret);
        await fake.RegisterAsync();
        fake._heartbeats = fake.HeartbeatLoopAsync();
        return fake;
    }

    /// <summary>Sends a full block report claiming these replicas; returns the ids the reply says to delete.</summary>
    public async Task<IReadOnlyList<long>> SendFullReportAsync(IEnumerable<ReplicaInfo> claimed)
    {
        var request = new BlockReportRequest { NodeId = NodeId };
        request.Replicas.AddRange(claimed);
        var reply = await _namenode.BlockReportAsync(request);
        Record(reply.DeleteBlockIds);
        return reply.DeleteBlockIds;
    }

    /// <summary>Sends an incremental report claiming these replicas were just received; returns the ids the reply says to delete.</summary>
    public async Task<IReadOnlyList<long>> SendReceivedAsync(IEnumerable<ReplicaInfo> claimed)
    {
        var request = new IncrementalBlockReportRequest { NodeId = NodeId };
        request.Received.AddRange(claimed);
        var reply = await _namenode.IncrementalBlockReportAsync(request);
        Record(reply.DeleteBlockIds);
        return reply.DeleteBlockIds;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _heartbeats;
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
            // Stopping: a heartbeat cut short is expected.
        }
        await _pingServer.DisposeAsync();
        _channel.Dispose();
        _stop.Dispose();
    }

    // Lots of free space, so a namenode that believed the claims would keep these "replicas" and trim real ones.
    private async Task RegisterAsync() => _executorToken = (await _namenode.RegisterAsync(new RegisterRequest
    {
        NodeId = NodeId,
        Address = Address,
        Rack = "/default-rack",
        CapacityBytes = 1L << 50,
        UsedBytes = 0,
        RemainingBytes = 1L << 50,
    })).ExecutorToken;

    private async Task HeartbeatLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var reply = await _namenode.HeartbeatAsync(
                new HeartbeatRequest { NodeId = NodeId, CapacityBytes = 1L << 50, RemainingBytes = 1L << 50 }, cancellationToken: _stop.Token);
            if (reply.Reregister)
            {
                await RegisterAsync();
            }
            if (reply.DeleteBlocks is { } delete)
            {
                Record(delete.BlockIds);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _stop.Token);
        }
    }

    private void Record(IEnumerable<long> blockIds)
    {
        lock (_lock)
        {
            _toldToDelete.UnionWith(blockIds);
        }
    }

    private sealed record PingAnswer(string NodeId);

    /// <summary>Answers Ping as the fake node; every other transfer call is unimplemented (it holds no data).</summary>
    private sealed class PingOnlyDataTransfer(PingAnswer answer) : DataTransfer.DataTransferBase
    {
        public override Task<PingReply> Ping(PingRequest request, ServerCallContext context) => Task.FromResult(new PingReply { NodeId = answer.NodeId });
    }
}
