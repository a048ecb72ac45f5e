using Grpc.Core;

namespace DataLocal.Common.Grpc;

/// <summary>
/// Names an error's kind in a gRPC trailer where its status code cannot: safe mode shares
/// FailedPrecondition with other refusals, and a client should not have to read the message to tell them apart.
/// </summary>
public static class ErrorKindTrailer
{
    /// <summary>The trailer's key.</summary>
    public const string Key = "datalocal-error";

    /// <summary>The namenode is in safe mode and refused a change to the namespace.</summary>
    public const string SafeMode = "safe-mode";

    /// <summary>Trailers carrying <paramref name="kind"/>.</summary>
    public static Metadata With(string kind) => new() { { Key, kind } };

    /// <summary>True when the failure carries <paramref name="kind"/>.</summary>
    public static bool Is(RpcException ex, string kind) => ex.Trailers.GetValue(Key) == kind;
}
