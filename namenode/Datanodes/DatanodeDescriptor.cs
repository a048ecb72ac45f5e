namespace DataLocal.NameNode.Datanodes;

/// <summary>Liveness of a datanode as the namenode sees it.</summary>
public enum DatanodeState
{
    Live,
    Dead,
}

/// <summary>What the namenode knows of one datanode: where it is and how it last reported.</summary>
public sealed class DatanodeDescriptor(string nodeId, string address, string rack)
{
    public string NodeId { get; } = nodeId;

    public string Address { get; set; } = address;

    public string Rack { get; set; } = rack;

    public DatanodeState State { get; set; } = DatanodeState.Live;

    public long CapacityBytes { get; set; }

    public long UsedBytes { get; set; }

    public long RemainingBytes { get; set; }

    public int ActiveTransfers { get; set; }

    public DateTimeOffset LastHeartbeat { get; set; }

    /// <summary>True once a full block report arrived since the node last registered: its replicas are known.</summary>
    public bool BlockReportReceived { get; set; }
}
