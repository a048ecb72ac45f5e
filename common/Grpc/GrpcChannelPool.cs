using System.Collections.Concurrent;
using Grpc.Net.Client;

namespace DataLocal.Common.Grpc;

/// <summary>
/// One reusable gRPC channel per address, so every block to or from the same node rides the same
/// HTTP/2 connection instead of paying a handshake each time.
/// </summary>
public sealed class GrpcChannelPool : IDisposable
{
    /// <summary>Block data moves in messages of up to 1 MiB; leave headroom for framing.</summary>
    public const int MaxMessageSize = 16 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);

    public GrpcChannel For(string address) =>
        _channels.GetOrAdd(address, a => GrpcChannel.ForAddress(a, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageSize,
            MaxSendMessageSize = MaxMessageSize,
            // Peers here restart in seconds (a local cluster); gRPC's default backoff (1 s growing to
            // 2 min) would keep a channel failing long after its peer is back.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = TimeSpan.FromSeconds(5),
        }));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
        _channels.Clear();
    }
}
