namespace DataLocal.NameNode.Writes;

/// <summary>A file being written: invisible in the namespace until completed.</summary>
public sealed class OpenWrite(string writeId, string path, int replication, long blockSize, bool overwrite, DateTimeOffset now)
{
    public string WriteId { get; } = writeId;

    public string Path { get; } = path;

    public int Replication { get; } = replication;

    public long BlockSize { get; } = blockSize;

    public bool Overwrite { get; } = overwrite;

    /// <summary>Blocks allocated to this write and not abandoned.</summary>
    public List<long> BlockIds { get; } = [];

    public DateTimeOffset LastActivity { get; set; } = now;
}
