using System.Net;
using System.Net.Sockets;

namespace DataLocal.Common.Net;

/// <summary>
/// HTTP to external sources that connects only to the addresses the namenode's external-source policy
/// checked, never to whatever DNS answers at fetch time: a host name re-pointed between the check and
/// the fetch (DNS rebinding) cannot lead the namenode or a datanode to loopback, the cloud metadata
/// endpoint or the private network. TLS still verifies the URL's host name. Redirects are not followed.
/// </summary>
public static class PinnedHttp
{
    private static readonly HttpRequestOptionsKey<IReadOnlyList<IPAddress>> Key = new("datalocal.pinned-addresses");

    public static HttpClient CreateClient(TimeSpan timeout) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectCallback = ConnectAsync }) { Timeout = timeout };

    /// <summary>The only addresses <paramref name="request"/> may connect to.</summary>
    public static HttpRequestMessage Pin(this HttpRequestMessage request, IReadOnlyList<IPAddress> addresses)
    {
        request.Options.Set(Key, addresses);
        return request;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        if (!context.InitialRequestMessage.Options.TryGetValue(Key, out var addresses) || addresses.Count == 0)
        {
            throw new HttpRequestException($"refusing to connect to {host}: no address of it was checked against the namenode's --allow-external policy");
        }
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = ex;
                if (ex is OperationCanceledException)
                {
                    throw;
                }
            }
        }
        throw new HttpRequestException($"cannot connect to {host}:{context.DnsEndPoint.Port} at any checked address ({string.Join(", ", addresses)})", last);
    }
}
