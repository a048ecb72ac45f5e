namespace DataLocal.NameNode.Datanodes;

/// <summary>Liveness of a datanode as the namenode sees it.</summary>
public enum DatanodeState
{
    Live,
    Dead,
}

/// <summary>Whether a datanode takes new replicas (HDFS's AdminStates).</summary>
public enum AdminState
{
    /// <summary>In service.</summary>
    Normal,

    /// <summary>Draining: takes no new replicas; its replicas are copied elsewhere.</summary>
    Decommissioning,

    /// <summary>Drained: every block it held has its replication on other nodes; it can be stopped.</summary>
    Decommissioned,
}

/// <summary>
/// What the namenode knows of one datanode at one moment: where it is and how it last reported.
/// Immutable: the registry replaces a node's descriptor under its lock, so a reader holds a
/// consistent snapshot instead of an object another thread is changing.
/// </summary>
public sealed record DatanodeDescriptor(string NodeId, string Address, string Rack)
{
    public DatanodeState State { get; init; } = DatanodeState.Live;

    public AdminState AdminState { get; init; } = AdminState.Normal;

    /// <summary>
    /// Counts the node's registrations. A decision taken on one registration (e.g. "declared dead,
    /// forget its replicas") is carried out only while the node still has that generation, so it
    /// never undoes what a later registration brought.
    /// </summary>
    public long Generation { get; init; }

    /// <summary>
    /// Why the namenode could not reach the node at its advertised address, or null when it could.
    /// An unreachable node may heartbeat, but no replica, pipeline or task is sent to it.
    /// </summary>
    public string? UnreachableReason { get; init; }

    public bool IsReachable => UnreachableReason is null;

    /// <summary>Live, reachable and in service: may receive new replicas.</summary>
    public bool IsWritable => State == DatanodeState.Live && IsReachable && AdminState == AdminState.Normal;

    /// <summary>Where its HTTP port (/metrics, /healthz) is reached, as it advertised it; null when off.</summary>
    public string? HttpAddress { get; init; }

    /// <summary>Tasks its executor runs at once, as it said when it registered.</summary>
    public int TaskSlots { get; init; }

    public long CapacityBytes { get; init; }

    public long UsedBytes { get; init; }

    public long RemainingBytes { get; init; }

    public int ActiveTransfers { get; init; }

    /// <summary>Block bytes the node served to its own tasks from its disk, since it started (from its heartbeats).</summary>
    public long BytesServedLocal { get; init; }

    /// <summary>Block bytes the node served over the network to clients and other nodes' tasks, since it started.</summary>
    public long BytesServedRemote { get; init; }

    public DateTimeOffset LastHeartbeat { get; init; }

    /// <summary>When the node last registered.</summary>
    public DateTimeOffset Registered { get; init; }

    /// <summary>True once a full block report arrived since the node last registered: its replicas are known.</summary>
    public bool BlockReportReceived { get; init; }
}
