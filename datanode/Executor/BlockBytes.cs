namespace DataLocal.DataNode.Executor;

/// <summary>A task's block, in memory, and where its bytes came from.</summary>
public sealed record BlockBytes(byte[] Data, long BytesLocal, long BytesRemote);
