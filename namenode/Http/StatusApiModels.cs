namespace DataLocal.NameNode.Http;

// The shapes of /api/v1's JSON (camelCase on the wire), one record per kind of thing shown.

public sealed record ErrorModel(string Error);

public sealed record OverviewModel(
    string Version, DateTimeOffset Started, bool SafeMode, string SafeModeStatus,
    int LiveNodes, int DeadNodes, int DecommissioningNodes, int DecommissionedNodes,
    long CapacityBytes, long UsedBytes, long RemainingBytes,
    long Files, int Blocks, int UnderReplicatedBlocks, int CorruptBlocks, int MissingBlocks, int RunningJobs);

public sealed record DatanodeModel(
    string NodeId, string Address, string? HttpAddress, string Rack, string State, string AdminState, bool Reachable, string? UnreachableReason,
    long? CapacityBytes, long? UsedBytes, long? RemainingBytes, int Blocks, int TaskSlots, int TasksRunning,
    double LastContactSeconds, long BytesServedLocal, long BytesServedRemote);

public sealed record EntryModel(string Path, bool IsDirectory, long Length, int Replication, long BlockSize, DateTimeOffset Modified, int Blocks);

public sealed record ColumnStatisticsModel(string Column, string? Min, string? Max, long? NullCount);

public sealed record ReplicaModel(string NodeId, string Address, bool Live);

public sealed record BlockModel(
    long BlockId, long Offset, long Length, int FirstRowGroup, int RowGroups, long Rows,
    IReadOnlyList<ColumnStatisticsModel> Columns, IReadOnlyList<ReplicaModel> Replicas, IReadOnlyList<string> CorruptReplicas);

public sealed record PathModel(EntryModel Entry, IReadOnlyList<EntryModel> Children, IReadOnlyList<BlockModel> Blocks);

public sealed record JobSummaryModel(
    string Id, string Sql, string State, string? Error, DateTimeOffset Submitted, DateTimeOffset? Finished, double DurationSeconds,
    int TasksTotal, int TasksSucceeded, int TasksRunning, int BlocksTotal, int BlocksSkipped,
    int NodeLocal, int RackLocal, int Any, long BytesLocal, long BytesRemote, string? OutputPath);

public sealed record AttemptModel(
    int TaskIndex, int Attempt, long? BlockId, string File, string NodeId, string Locality, string Outcome, string? Error,
    long BytesLocal, long BytesRemote, long RowsIn, long RowsOut, DateTimeOffset? Started, long DurationMs, bool Speculative,
    IReadOnlyList<string> ReplicasAtLaunch);

/// <summary>A block of the locality map: the nodes that held it when its task launched (<paramref name="AtLaunch"/>), or, for records from before that was kept, now.</summary>
public sealed record BlockReplicasModel(long BlockId, IReadOnlyList<string> Nodes, bool AtLaunch);

public sealed record JobDetailModel(JobSummaryModel Job, IReadOnlyList<AttemptModel> Attempts, IReadOnlyList<BlockReplicasModel> Replicas, IReadOnlyList<string> Nodes);
