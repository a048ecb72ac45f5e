using System.Net.Sockets;
using Grpc.Core;

namespace DataLocal.Client;

/// <summary>Turns gRPC failures into the one-line errors the library promises.</summary>
internal static class RpcErrors
{
    public static async Task<T> CallNameNodeAsync<T>(string address, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            throw Translate(address, ex);
        }
    }

    public static Exception Translate(string address, RpcException ex) => ex.StatusCode switch
    {
        StatusCode.Unavailable when IsConnectionFailure(ex) => new NameNodeUnreachableException(address, ex),
        StatusCode.DeadlineExceeded => new DataLocalException($"the namenode at {address} did not answer in time", ex),
        _ => new DataLocalException(string.IsNullOrEmpty(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail, ex),
    };

    private static bool IsConnectionFailure(RpcException ex) =>
        ex.Status.DebugException is HttpRequestException or SocketException || ex.Status.Detail.StartsWith("Error connecting", StringComparison.Ordinal);
}
