using DataLocal.Common.Parquet;
using DataLocal.Protocol.Client;

namespace DataLocal.Client.Model;

/// <summary>
/// The cluster as the namenode sees it. CorruptBlocks have no good replica left (every one failed
/// its checksum); UnknownReplicas belong to no file and are kept only because the namenode is in safe mode.
/// </summary>
public sealed record ClusterReport(
    int DefaultReplication,
    long DefaultBlockSize,
    long FileCount,
    long BlockCount,
    IReadOnlyList<DatanodeInfo> Datanodes,
    long CorruptBlocks,
    long BlocksWithCorruptReplicas,
    long CorruptReplicas,
    long UnknownReplicas)
{
    internal static ClusterReport From(ClusterReportReply reply) => new(
        reply.DefaultReplication,
        reply.DefaultBlockSize,
        reply.FileCount,
        reply.BlockCount,
        [.. reply.Datanodes.Select(DatanodeInfo.From)],
        reply.CorruptBlocks,
        reply.BlocksWithCorruptReplicas,
        reply.CorruptReplicas,
        reply.UnknownReplicas);

    /// <summary>Datanodes the namenode heard from recently.</summary>
    public int LiveCount => Datanodes.Count(d => d.State == "live");

    /// <summary>Live datanodes whose replicas the namenode knows (their block report arrived).</summary>
    public int ReportedCount => Datanodes.Count(d => d.State == "live" && d.BlockReportReceived);
}

/// <summary>
/// One datanode in a cluster report. State is live or dead; AdminState is normal, decommissioning or
/// decommissioned. UnreachableReason is set when the namenode cannot reach the node at its advertised
/// Address: it stays live but gets no replicas or tasks.
/// </summary>
public sealed record DatanodeInfo(
    string NodeId, string Address, string Rack, string State, long CapacityBytes, long UsedBytes, long RemainingBytes, int BlockCount,
    TimeSpan SinceLastHeartbeat, bool BlockReportReceived, string AdminState, string? UnreachableReason = null)
{
    /// <summary>False when the namenode cannot reach the node at its advertised address (see UnreachableReason).</summary>
    public bool Reachable => UnreachableReason is null;

    internal static DatanodeInfo From(DatanodeReport d) => new(
        d.NodeId, d.Address, d.Rack, d.State, d.CapacityBytes, d.UsedBytes, d.RemainingBytes, d.BlockCount,
        TimeSpan.FromMilliseconds(d.LastHeartbeatMsAgo), d.BlockReportReceived, d.AdminState,
        d.Unreachable ? d.UnreachableReason : null);
}
