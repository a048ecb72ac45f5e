using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using DataLocal.Common.Security;
using Grpc.Net.Client;

namespace DataLocal.Common.Grpc;

/// <summary>
/// One reusable gRPC channel per address, so every block to or from the same node rides the same
/// HTTP/2 connection instead of paying a handshake each time. It also carries the timeouts every
/// call through it obeys, when block pieces sent through it are compressed, and the credential
/// (a user's token, or the cluster secret of a datanode) every call through it presents, over TLS
/// checked against the cluster CA when <paramref name="trust"/> has one.
/// </summary>
public sealed class GrpcChannelPool(GrpcTimeouts? timeouts = null, TransferCompression? compression = null, string? credential = null, ClusterTrust? trust = null) : IDisposable
{
    /// <summary>Block data moves in messages of up to 1 MiB; leave headroom for framing.</summary>
    public const int MaxMessageSize = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public GrpcTimeouts Timeouts { get; } = timeouts ?? new GrpcTimeouts();

    public TransferCompression Compression { get; } = compression ?? new TransferCompression();

    /// <summary>For control (unary) clients: calls without a deadline get <see cref="GrpcTimeouts.ControlCall"/>.</summary>
    public CallInvoker ControlInvoker(string address) => For(address).Intercept(new DefaultDeadlineInterceptor(Timeouts.ControlCall));

    /// <summary>The raw channel, for block streams, which guard themselves with a <see cref="ProgressDeadline"/>.</summary>
    public GrpcChannel For(string address) =>
        _channels.GetOrAdd(address, a => CredentialChannel.For(a, credential, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageSize,
            MaxSendMessageSize = MaxMessageSize,
            // Peers here restart in seconds (a local cluster); gRPC's default backoff (1 s growing to
            // 2 min) would keep a channel failing long after its peer is back.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = TimeSpan.FromSeconds(5),
        }, trust));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        _channels.Clear();
    }
}
