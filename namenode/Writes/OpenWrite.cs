namespace DataLocal.NameNode.Writes;

/// <summary>A file being written: invisible in the namespace until completed.</summary>
public sealed class OpenWrite(string writeId, string path, int replication, long blockSize, bool overwrite, DateTimeOffset now, string? owner = null)
{
    /// <summary>The user writing it, who will own the file; null = the superuser.</summary>
    public string? Owner { get; } = owner;

    public string WriteId { get; } = writeId;

    public string Path { get; } = path;

    public int Replication { get; } = replication;

    public long BlockSize { get; } = blockSize;

    public bool Overwrite { get; } = overwrite;

    /// <summary>Blocks allocated to this write and not abandoned.</summary>
    public List<long> BlockIds { get; } = [];

    public DateTimeOffset LastActivity { get; set; } = now;

    /// <summary>
    /// True while a CompleteFile call owns the write and commits it. Nothing else may change or
    /// discard the write then: its blocks are about to belong to a visible file.
    /// </summary>
    public bool IsCommitting { get; set; }

    /// <summary>An abandon (or lease expiry) arrived while committing; honoured if the commit fails.</summary>
    public bool AbandonRequested { get; set; }
}
