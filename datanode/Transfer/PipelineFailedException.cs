namespace DataLocal.DataNode.Transfer;

/// <summary>A node further down the write pipeline failed; names it so the client can avoid it.</summary>
public sealed class PipelineFailedException(string failedNodeId, string reason)
    : Exception($"pipeline node {failedNodeId} failed: {reason}")
{
    public string FailedNodeId { get; } = failedNodeId;
}
