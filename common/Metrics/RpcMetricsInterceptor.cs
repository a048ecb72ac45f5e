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
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });

    private async Task<T> TimedAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        // A handler that throws something other than RpcException reaches the client as Unknown.
        var code = StatusCode.Unknown;
        try
        {
            var result = await call().ConfigureAwait(false);
            code = StatusCode.OK;
            return result;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            metrics.RpcDuration.WithLabels(context.Method, code.ToString()).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
