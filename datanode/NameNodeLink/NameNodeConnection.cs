using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Datanode;
using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>This datanode's calls to the namenode; the only place that speaks DatanodeNamenode.</summary>
public sealed class NameNodeConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly DatanodeNamenode.DatanodeNamenodeClient _client;
    private readonly BlockStore _store;
    private readonly BlockReportGate _reports = new();
    private readonly int _taskSlots;

    public NameNodeConnection(IOptions<DataNodeOptions> options, BlockStore store, ClusterSecret clusterSecret, ClusterTrust trust)
    {
        Address = options.Value.NameNodeAddress;
        _taskSlots = options.Value.TaskSlots;
        _channel = CredentialChannel.For(Address, clusterSecret.Value, trust: trust);
        // A namenode that hangs (stopped, not dead) must not hang registration or heartbeats for ever.
        _client = new DatanodeNamenode.DatanodeNamenodeClient(_channel.Intercept(new DefaultDeadlineInterceptor(new GrpcTimeouts().ControlCall)));
        _store = store;
    }

    public string Address { get; }

    /// <summary>Registers; the reply says the heartbeat interval and whether the namenode could reach the advertised address.</summary>
    public async Task<RegisterReply> RegisterAsync(string advertisedAddress, string? httpAddress, string rack, CancellationToken cancellationToken)
    {
        var storage = _store.Report();
        return await _client.RegisterAsync(new RegisterRequest
        {
            NodeId = _store.NodeId,
            Address = advertisedAddress,
            HttpAddress = httpAddress ?? string.Empty,
            TaskSlots = _taskSlots,
            Rack = rack,
            CapacityBytes = storage.CapacityBytes,
            UsedBytes = storage.UsedBytes,
            RemainingBytes = storage.RemainingBytes,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whose <paramref name="token"/> is, as the namenode says; null when it is nobody's.</summary>
    public async Task<CallerIdentity?> AuthenticateUserAsync(string token, CancellationToken cancellationToken)
    {
        var reply = await _client.AuthenticateUserAsync(new AuthenticateUserRequest { Token = token }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return reply.Valid ? new CallerIdentity(reply.Name, reply.Admin, IsClusterMember: false) : null;
    }

    public async Task<HeartbeatReply> HeartbeatAsync(Transfer.TransferCounter transfers, CancellationToken cancellationToken)
    {
        var storage = _store.Report();
        return await _client.HeartbeatAsync(new HeartbeatRequest
        {
            NodeId = _store.NodeId,
            CapacityBytes = storage.CapacityBytes,
            UsedBytes = storage.UsedBytes,
            RemainingBytes = storage.RemainingBytes,
            ActiveTransfers = transfers.Active,
            BytesServedLocal = transfers.BytesServedLocal,
            BytesServedRemote = transfers.BlockBytesSent,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends every replica on disk; returns the ones the namenode wants deleted.</summary>
    /// <remarks>Built and sent inside the report gate, so no incremental report overtakes it (see <see cref="BlockReportGate"/>).</remarks>
    public Task<IReadOnlyList<long>> SendFullReportAsync(CancellationToken cancellationToken) => _reports.RunAsync<IReadOnlyList<long>>(async () =>
    {
        var request = new BlockReportRequest { NodeId = _store.NodeId };
        var corrupt = _store.CorruptReplicas();
        request.Replicas.AddRange(_store.Replicas().Select(r => new ReplicaInfo { BlockId = r.BlockId, Length = r.Length, GenerationStamp = r.GenerationStamp, Corrupt = corrupt.Contains(r.BlockId) }));
        var reply = await _client.BlockReportAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return reply.DeleteBlockIds;
    }, cancellationToken);

    /// <summary>Tells the namenode about replica changes; returns replicas it wants deleted.</summary>
    public Task<IReadOnlyList<long>> SendIncrementalReportAsync(
        IEnumerable<(long BlockId, long Length, long GenerationStamp)> received, IEnumerable<long> deleted, IEnumerable<long> corrupt, CancellationToken cancellationToken)
    {
        var request = new IncrementalBlockReportRequest { NodeId = _store.NodeId };
        request.Received.AddRange(received.Select(r => new ReplicaInfo { BlockId = r.BlockId, Length = r.Length, GenerationStamp = r.GenerationStamp }));
        request.Deleted.AddRange(deleted);
        request.Corrupt.AddRange(corrupt);
        return _reports.RunAsync<IReadOnlyList<long>>(async () =>
            (await _client.IncrementalBlockReportAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false)).DeleteBlockIds,
            cancellationToken);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _reports.Dispose();
    }
}
