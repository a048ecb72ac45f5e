using System.Net.Sockets;
using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using Grpc.Core;
using Polly;
using Polly.Retry;

namespace DataLocal.Client;

/// <summary>
/// Calls the namenode the way every client call should: a call that could not even connect (the
/// namenode is restarting) is retried a few times with backoff, and gRPC failures become the
/// one-line errors the library promises.
/// </summary>
internal static class RpcErrors
{
    // Only connection failures are retried: the request never reached the namenode, so repeating it
    // is safe for every RPC, idempotent or not. Four tries span about three seconds.
    private static readonly ResiliencePipeline ConnectRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RpcException>(IsConnectionFailure),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(400),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    public static async Task<T> CallNameNodeAsync<T>(string address, Func<Task<T>> call)
    {
        try
        {
            return await ConnectRetry.ExecuteAsync(async _ => await call().ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw Translate(address, ex);
        }
    }

    /// <summary>The gRPC failure as the typed, one-line exception a program catches (see DataLocalException's subclasses).</summary>
    public static Exception Translate(string address, RpcException ex) => ex.StatusCode switch
    {
        // A refused certificate will not heal on a retry, and the TLS stack's message names no reason.
        _ when UntrustedCertificateException.FindIn(ex.Status.DebugException) is { } untrusted => new DataLocalException(untrusted.Message, ex),
        StatusCode.Unavailable when IsConnectionFailure(ex) => new NameNodeUnreachableException(address, ex),
        StatusCode.DeadlineExceeded => new DataLocalTimeoutException($"the namenode at {address} did not answer in time", ex),
        StatusCode.NotFound => new DataLocalNotFoundException(Detail(ex), ex),
        StatusCode.AlreadyExists => new DataLocalAlreadyExistsException(Detail(ex), ex),
        StatusCode.PermissionDenied => new DataLocalPermissionDeniedException(Detail(ex), ex),
        StatusCode.Unauthenticated => new DataLocalAuthenticationException(Detail(ex), ex),
        StatusCode.InvalidArgument => new DataLocalInvalidRequestException(Detail(ex), ex),
        // The namenode marks a safe-mode refusal in a trailer: its status code alone is shared with other preconditions.
        StatusCode.FailedPrecondition when ErrorKindTrailer.Is(ex, ErrorKindTrailer.SafeMode) => new DataLocalSafeModeException(Detail(ex), ex),
        _ => new DataLocalException(Detail(ex), ex),
    };

    private static string Detail(RpcException ex) => string.IsNullOrEmpty(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail;

    private static bool IsConnectionFailure(RpcException ex) =>
        ex.StatusCode == StatusCode.Unavailable
        && UntrustedCertificateException.FindIn(ex.Status.DebugException) is null
        && (ex.Status.DebugException is HttpRequestException or SocketException || ex.Status.Detail.StartsWith("Error connecting", StringComparison.Ordinal));
}
