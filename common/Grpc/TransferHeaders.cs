namespace DataLocal.Common.Grpc;

/// <summary>gRPC metadata keys of the data-transfer protocol.</summary>
public static class TransferHeaders
{
    /// <summary>Trailer naming the pipeline node that failed, so the client can exclude it on retry.</summary>
    public const string FailedNodeId = "x-datalocal-failed-node";
}
