using DataLocal.Common.Paths;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Writes;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataLocal.NameNode.Grpc;

/// <summary>
/// Turns the errors a user can cause into gRPC statuses carrying their message, so services stay
/// thin and clients get one actionable line instead of "Exception was thrown by handler".
/// </summary>
public sealed class DomainExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ToStatus(ex) is { } status)
        {
            throw new RpcException(status, Trailers(ex));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ToStatus(ex) is { } status)
        {
            throw new RpcException(status, Trailers(ex));
        }
    }

    // Safe mode shares FailedPrecondition with other refusals; the trailer lets clients tell it apart.
    private static Metadata Trailers(Exception ex) =>
        ex is Blocks.SafeModeException ? DataLocal.Common.Grpc.ErrorKindTrailer.With(DataLocal.Common.Grpc.ErrorKindTrailer.SafeMode) : [];

    private static Status? ToStatus(Exception ex) => ex switch
    {
        InvalidPathException => new Status(StatusCode.InvalidArgument, ex.Message),
        NamespaceException { Error: NamespaceError.NotFound } => new Status(StatusCode.NotFound, ex.Message),
        NamespaceException { Error: NamespaceError.AlreadyExists } => new Status(StatusCode.AlreadyExists, ex.Message),
        NamespaceException => new Status(StatusCode.FailedPrecondition, ex.Message),
        InsufficientDatanodesException => new Status(StatusCode.Unavailable, ex.Message),
        Blocks.SafeModeException => new Status(StatusCode.FailedPrecondition, ex.Message),
        Datanodes.UnknownDatanodeException => new Status(StatusCode.NotFound, ex.Message),
        Datanodes.InvalidDatanodeAddressException => new Status(StatusCode.InvalidArgument, ex.Message),
        UnknownWriteException => new Status(StatusCode.NotFound, ex.Message),
        WriteCommittingException => new Status(StatusCode.Aborted, ex.Message),
        Scheduling.UnknownJobException => new Status(StatusCode.NotFound, ex.Message),
        Scheduling.InvalidQueryException => new Status(StatusCode.InvalidArgument, ex.Message),
        Scheduling.ClusterBusyException => new Status(StatusCode.ResourceExhausted, ex.Message),
        Security.UserException => new Status(StatusCode.InvalidArgument, ex.Message),
        Security.PermissionDeniedException => new Status(StatusCode.PermissionDenied, ex.Message),
        Common.Security.InvalidModeException => new Status(StatusCode.InvalidArgument, ex.Message),
        InvalidOperationException => new Status(StatusCode.FailedPrecondition, ex.Message),
        _ => null,
    };
}
