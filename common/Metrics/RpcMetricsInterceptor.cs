using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataLocal.Common.Metrics;

/// <summary>
/// Times every gRPC call a server handles into <see cref="RoleMetrics.RpcDuration"/>, labelled by
/// method and by the status code it ended with. Registered outermost, so refused calls count too.
/// </summary>
public sealed class RpcMetricsInterceptor(RoleMetrics metrics) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.Unknown;
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            code = StatusCode.OK;
            return response;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Observe(context, code, started);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.Unknown;
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            code = StatusCode.OK;
            return response;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Observe(context, code, started);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.Unknown;
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            code = StatusCode.OK;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Observe(context, code, started);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.Unknown;
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            code = StatusCode.OK;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            Observe(context, code, started);
        }
    }

    // A handler that throws something other than RpcException reaches the client as Unknown.
    private void Observe(ServerCallContext context, StatusCode code, long started) =>
        metrics.RpcDuration.WithLabels(context.Method, code.ToString()).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
}
