using DataLocal.Common.Security;
using Grpc.Net.Client;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// The executor's own channel to the namenode. A task's partial result travels in one report and may
/// be as large as the namenode's --max-result-size (up to 1 GiB), far beyond the 16 MiB the block
/// transfer channels allow; the namenode's receive limit, sized from that setting, is what bounds it.
/// </summary>
public sealed class TaskExchangeChannel(string nameNodeAddress, ClusterSecret clusterSecret, ClusterTrust trust) : IDisposable
{
    public GrpcChannel Channel { get; } = CredentialChannel.For(nameNodeAddress, clusterSecret.Value, new GrpcChannelOptions
    {
        MaxSendMessageSize = null,
        // As the block channels: a restarting namenode is back in seconds.
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
        MaxReconnectBackoff = TimeSpan.FromSeconds(5),
    }, trust);

    public void Dispose() => Channel.Dispose();
}
