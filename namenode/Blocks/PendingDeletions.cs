namespace DataLocal.NameNode.Blocks;

/// <summary>Replicas the namenode wants deleted, per node, until that node's next heartbeat carries the command (HDFS's invalidateBlocks).</summary>
public sealed class PendingDeletions : BlocksPerNode;
