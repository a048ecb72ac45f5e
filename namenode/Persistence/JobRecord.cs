using LiteDB;

namespace DataLocal.NameNode.Persistence;

/// <summary>A job as kept in the job history (LiteDB), with its task attempts and result.</summary>
public sealed class JobRecord
{
    [BsonId]
    public string Id { get; set; } = string.Empty;

    public string Sql { get; set; } = string.Empty;

    /// <summary>Who submitted the job; records from before jobs had submitters read as the superuser.</summary>
    public string User { get; set; } = Security.Superuser.Name;

    public string State { get; set; } = string.Empty;

    public string? Error { get; set; }

    public DateTime SubmittedUtc { get; set; }

    public DateTime? FinishedUtc { get; set; }

    public int TasksTotal { get; set; }

    public int TasksSucceeded { get; set; }

    public int TasksRunning { get; set; }

    public int BlocksTotal { get; set; }

    public int BlocksSkipped { get; set; }

    public string? OutputPath { get; set; }

    /// <summary>No task ran: the stored row counts and block statistics answered the query (or proved no row matches).</summary>
    public bool AnsweredFromMetadata { get; set; }

    public List<string> Columns { get; set; } = [];

    /// <summary>Per result column: number, boolean or text; empty in records from before it was kept.</summary>
    public List<string> ColumnTypes { get; set; } = [];

    /// <summary>Per result column: its SQL type as DuckDB names it (BIGINT, DECIMAL(9,2), …); empty in records from before it was kept.</summary>
    public List<string> ColumnSqlTypes { get; set; } = [];

    /// <summary>Only in records written before results were stored apart (see <see cref="MetadataStore.SaveJobResult"/>); read, never written.</summary>
    public List<List<string?>> Rows { get; set; } = [];

    public long ResultRows { get; set; }

    /// <summary>The result's size as UTF-8 text, what --max-result-size bounds.</summary>
    public long ResultBytes { get; set; }

    public long TimeoutMs { get; set; }

    public List<TaskAttemptRecord> Attempts { get; set; } = [];
}

/// <summary>One task attempt in the job history.</summary>
public sealed class TaskAttemptRecord
{
    public int TaskIndex { get; set; }

    public int Attempt { get; set; }

    public long BlockId { get; set; }

    public string File { get; set; } = string.Empty;

    public string NodeId { get; set; } = string.Empty;

    public string NodeAddress { get; set; } = string.Empty;

    public string Locality { get; set; } = string.Empty;

    public string Outcome { get; set; } = string.Empty;

    public string? Error { get; set; }

    public long BytesLocal { get; set; }

    public long BytesRemote { get; set; }

    public long RowsIn { get; set; }

    public long RowsOut { get; set; }

    public long DurationMs { get; set; }

    /// <summary>When it was launched (the web UI's event timeline); default in records from before it was kept.</summary>
    public DateTime StartedUtc { get; set; }

    /// <summary>A copy of a straggler started by speculative execution (namenode --speculation).</summary>
    public bool Speculative { get; set; }

    /// <summary>The nodes holding a live replica of the block when the attempt launched (the web UI's locality map); empty in records from before it was kept.</summary>
    public List<string> ReplicasAtLaunch { get; set; } = [];
}
