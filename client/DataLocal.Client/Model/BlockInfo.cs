using DataLocal.Common.Parquet;
using DataLocal.Client.Layout;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Security;
using ColumnStatistics = DataLocal.Common.Parquet.ColumnStatistics;

namespace DataLocal.Client.Model;

/// <summary>
/// One block of a file with the live datanodes holding it, as `fs blocks` shows it: Replicas are
/// the good ones; CorruptReplicas failed their checksums and are never read.
/// </summary>
public sealed record BlockInfo(
    int Index,
    long BlockId,
    long Offset,
    long Length,
    int FirstRowGroup,
    int RowGroupCount,
    long RowCount,
    IReadOnlyList<ColumnStatistics> Columns,
    IReadOnlyList<ReplicaLocation> Replicas,
    IReadOnlyList<ReplicaLocation> CorruptReplicas)
{
    /// <summary>No good replica is left and some failed their checksums: reads fail until `fs fsck --recover` rebuilds it.</summary>
    public bool IsCorrupt => Replicas.Count == 0 && CorruptReplicas.Count > 0;

    /// <summary>The namenode's short-lived grant to read the block, which its datanodes check; passed along unseen by callers.</summary>
    internal BlockToken? Token { get; init; }

    internal static BlockInfo From(LocatedBlock located, int index) => new(
        index,
        located.Block.BlockId,
        located.Block.Offset,
        located.Block.Length,
        located.Block.FirstRowGroup,
        located.Block.RowGroupCount,
        located.Block.RowCount,
        [.. located.Block.Columns.Select(c => new ColumnStatistics(
            c.Column, c.HasMinMax ? c.Min : null, c.HasMinMax ? c.Max : null, c.NullCount >= 0 ? c.NullCount : null))],
        [.. located.Replicas.Select(r => new ReplicaLocation(r.NodeId, r.Address, r.Rack))],
        [.. located.CorruptReplicas.Select(r => new ReplicaLocation(r.NodeId, r.Address, r.Rack))])
    {
        Token = located.BlockToken,
    };
}

/// <summary>A datanode holding a replica.</summary>
public sealed record ReplicaLocation(string NodeId, string Address, string Rack);
