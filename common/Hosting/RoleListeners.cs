using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DataLocal.Common.Hosting;

/// <summary>
/// The two ports every role listens on: gRPC (HTTP/2 only) and, unless its port is -1, HTTP/1.1 for
/// pages, /metrics and /healthz. The endpoints as bound (port 0 = any) are known once the host starts.
/// With a certificate, both speak TLS only: a plaintext connection fails its handshake and is closed.
/// </summary>
public sealed class RoleListeners
{
    private ListenOptions? _rpc;
    private ListenOptions? _http;

    private RoleListeners()
    {
    }

    /// <summary>The gRPC endpoint as bound; only after the host started.</summary>
    public IPEndPoint Rpc => _rpc?.IPEndPoint ?? throw new InvalidOperationException("the role has not started listening");

    /// <summary>The HTTP endpoint as bound, or null when its port is -1.</summary>
    public IPEndPoint? Http => _http?.IPEndPoint;

    public static RoleListeners Configure(IWebHostBuilder webHost, IPAddress bind, int rpcPort, int httpPort, X509Certificate2? certificate = null)
    {
        var listeners = new RoleListeners();
        webHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(bind, rpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                UseTls(listen, certificate);
                listeners._rpc = listen;
            });
            if (httpPort >= 0)
            {
                kestrel.Listen(bind, httpPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    UseTls(listen, certificate);
                    listeners._http = listen;
                });
            }
        });
        return listeners;
    }

    private static void UseTls(ListenOptions listen, X509Certificate2? certificate)
    {
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }
}
