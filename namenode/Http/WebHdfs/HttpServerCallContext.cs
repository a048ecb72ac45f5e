using DataLocal.Common.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DataLocal.NameNode.Http.WebHdfs;

/// <summary>
/// The call context a WebHDFS request gives the gRPC service methods it runs: the caller the HTTP
/// authentication established, the client's address as the peer, and the WebHDFS operation as the
/// method name (so the audit log says cmd=LISTSTATUS for it). Its cancellation is the request's.
/// </summary>
internal sealed class HttpServerCallContext : ServerCallContext
{
    private readonly HttpContext _http;
    private readonly Metadata _responseTrailers = [];
    private readonly Dictionary<object, object> _userState = [];

    public HttpServerCallContext(HttpContext http, CallerIdentity caller, string operation)
    {
        _http = http;
        MethodCore = "/webhdfs/" + operation;
        caller.AttachTo(this);
    }

    protected override string MethodCore { get; }

    protected override string HostCore => _http.Request.Host.Value ?? string.Empty;

    // gRPC's peer form, as the audit log shows for gRPC calls.
    protected override string PeerCore => _http.Connection.RemoteIpAddress is { } ip
        ? $"{(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6:[" + ip + "]" : "ipv4:" + ip)}:{_http.Connection.RemotePort}"
        : "unknown";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => _http.RequestAborted;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("a WebHDFS request propagates no gRPC call");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
