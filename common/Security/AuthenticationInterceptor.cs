using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataLocal.Common.Security;

/// <summary>
/// Runs before every gRPC handler of a server: no credential or a wrong one ends the call with
/// Unauthenticated, a caller not allowed the method (see <see cref="MethodAccess"/>) with
/// PermissionDenied; otherwise the caller's identity goes into the call context for the handler.
/// Being one interceptor registered for the whole server, a method added later is covered too; only
/// the gRPC health service is let through without a credential (<see cref="MethodAccess.IsAnonymous"/>).
/// </summary>
public sealed class AuthenticationInterceptor(ICallerAuthenticator authenticator) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        return await continuation(request, context).ConfigureAwait(false);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        return await continuation(requestStream, context).ConfigureAwait(false);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        await continuation(request, responseStream, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context).ConfigureAwait(false);
        await continuation(requestStream, responseStream, context).ConfigureAwait(false);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (MethodAccess.IsAnonymous(context.Method))
        {
            return;
        }
        var credential = Credentials.From(context.RequestHeaders)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated,
                "authentication required: the call carried no token (set DATALOCAL_TOKEN or a token file; see `datalocal admin user add`)"));
        var caller = await authenticator.AuthenticateAsync(credential, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication failed: the token is not valid (unknown, removed or mistyped)"));
        // Attached before the access check, so an audit of a refused call can name who was refused.
        caller.AttachTo(context);
        if (MethodAccess.Refusal(context.Method, caller) is { } refusal)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }
    }
}
