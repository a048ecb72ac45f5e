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

/// <summary>What the namenode knows of one datanode: where it is and how it last reported.</summary>
public sealed class DatanodeDescriptor(string nodeId, string address, string rack)
{
    public string NodeId { get; } = nodeId;

    public string Address { get; set; } = address;

    public string Rack { get; set; } = rack;

    public DatanodeState State { get; set; } = DatanodeState.Live;

    public AdminState AdminState { get; set; } = AdminState.Normal;

    /// <summary>
    /// Why the namenode could not reach the node at its advertised address, or null when it could.
    /// An unreachable node may heartbeat, but no replica, pipeline or task is sent to it.
    /// </summary>
    public string? UnreachableReason { get; set; }

    public bool IsReachable => UnreachableReason is null;

    /// <summary>Live, reachable and in service: may receive new replicas.</summary>
    public bool IsWritable => State == DatanodeState.Live && IsReachable && AdminState == AdminState.Normal;

    public long CapacityBytes { get; set; }

    public long UsedBytes { get; set; }

    public long RemainingBytes { get; set; }

    public int ActiveTransfers { get; set; }

    public DateTimeOffset LastHeartbeat { get; set; }

    /// <summary>True once a full block report arrived since the node last registered: its replicas are known.</summary>
    public bool BlockReportReceived { get; set; }
}
