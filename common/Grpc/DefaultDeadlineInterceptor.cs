using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DataLocal.Common.Grpc;

/// <summary>Gives every unary call without a deadline the control-call deadline, so no control call waits for ever on a hung peer.</summary>
public sealed class DefaultDeadlineInterceptor(TimeSpan timeout) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithDeadline(context));

    private ClientInterceptorContext<TRequest, TResponse> WithDeadline<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class =>
        context.Options.Deadline is not null
            ? context
            : new(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + timeout));
}
