namespace DataLocal.Common.Grpc;

/// <summary>A datanode that holds (or is to receive) a replica: its id and data-transfer address.</summary>
public sealed record BlockTarget(string NodeId, string Address);
