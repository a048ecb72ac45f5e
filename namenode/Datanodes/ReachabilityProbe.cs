using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using DataLocal.Protocol.Transfer;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Datanodes;

/// <summary>
/// Checks that a datanode's advertised address reaches that datanode: one Ping with a short
/// deadline, answered with the node's own id. A node that can call the namenode but cannot be
/// called back (a wrong --advertise, a closed port, a firewall) is caught here, at registration,
/// instead of failing every read and pipeline that would later be sent to it.
/// </summary>
public sealed class ReachabilityProbe(IOptions<NameNodeOptions> options, ClusterSecret clusterSecret, ClusterTrust trust)
{
    /// <summary>How a reason starts when the address was silent (slow, perhaps) rather than refusing or wrong.</summary>
    public const string NoAnswerPrefix = "no answer from ";

    /// <summary>Null when <paramref name="address"/> answers as <paramref name="nodeId"/>; otherwise why not, in one line.</summary>
    public async Task<string?> ProbeAsync(string nodeId, string address, CancellationToken cancellationToken)
    {
        var timeout = options.Value.ReachabilityProbeTimeout;
        try
        {
            // A fresh channel: a pooled one could answer from a connection made before the node moved.
            using var channel = CredentialChannel.For(address, clusterSecret.Value, new GrpcChannelOptions { MaxReceiveMessageSize = GrpcChannelPool.MaxMessageSize }, trust);
            var reply = await new DataTransfer.DataTransferClient(channel)
                .PingAsync(new PingRequest(), deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return reply.NodeId == nodeId
                ? null
                : $"{address} answers as datanode {reply.NodeId}, not {nodeId}: two datanodes advertise the same address";
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.DeadlineExceeded)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{NoAnswerPrefix}{address} within {timeout.TotalSeconds:0.#} s");
        }
        catch (RpcException ex)
        {
            return $"{address}: {Cause(ex)}";
        }
    }

    /// <summary>The socket's own words ("Connection refused (127.0.0.2:9866)") rather than gRPC's "Error connecting to subchannel."</summary>
    private static string Cause(RpcException ex)
    {
        var inner = ex.Status.DebugException;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        return (inner?.Message ?? ex.Status.Detail).ReplaceLineEndings(" ").TrimEnd('.');
    }
}
