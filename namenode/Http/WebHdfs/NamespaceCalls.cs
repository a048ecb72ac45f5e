using DataLocal.Common.Hosting;
using DataLocal.Common.WebHdfs;
using DataLocal.NameNode.Grpc;
using DataLocal.NameNode.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Http.WebHdfs;

/// <summary>
/// Runs a WebHDFS operation as the gRPC call it corresponds to, through the same pieces a gRPC call
/// passes: the audit log, the mapping of domain errors to statuses, and the service method itself
/// with its permission checks. So WebHDFS adds no namespace logic of its own and cannot drift from
/// the CLI's behaviour. A refused or failed call ends as the matching <see cref="WebHdfsError"/>.
/// </summary>
internal sealed class NamespaceCalls(IServiceProvider services, ILoggerFactory loggers)
{
    private readonly AuditInterceptor _audit = new(loggers);
    private readonly DomainExceptionInterceptor _domainErrors = new();
    private readonly ClientNamenodeService _service = ActivatorUtilities.CreateInstance<ClientNamenodeService>(services);

    public Task<TReply> CallAsync<TRequest, TReply>(
        HttpContext http, string operation, TRequest request, Func<ClientNamenodeService, TRequest, ServerCallContext, Task<TReply>> method)
        where TRequest : class
        where TReply : class =>
        RunAsync(http, operation, request, (r, c) => method(_service, r, c));

    /// <summary>Runs <paramref name="handler"/> (an operation gRPC lacks) audited and error-mapped as a service method would be.</summary>
    public async Task<TReply> RunAsync<TRequest, TReply>(HttpContext http, string operation, TRequest request, UnaryServerMethod<TRequest, TReply> handler)
        where TRequest : class
        where TReply : class
    {
        var context = new HttpServerCallContext(http, HttpCaller.Of(http).Identity, operation);
        try
        {
            return await _audit.UnaryServerHandler(request, context, (r, c) => _domainErrors.UnaryServerHandler(r, c, handler)).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw new WebHdfsException(WebHdfsError.From(ex));
        }
    }
}
