namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Replicas a reader (a client, or anyone speaking the client protocol) said are corrupt, per node,
/// until that node's next heartbeat asks it to verify them. Such a report is not believed on its
/// word, since a forged one would otherwise take good replicas out of service: the holder reads the
/// replica through its checksums and reports it corrupt itself if it is.
/// </summary>
public sealed class PendingVerifications : BlocksPerNode;
