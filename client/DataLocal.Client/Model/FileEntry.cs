using DataLocal.Common.Parquet;
using DataLocal.Protocol.Client;

namespace DataLocal.Client.Model;

/// <summary>A file or directory as `ls` and `stat` show it.</summary>
public sealed record FileEntry(
    string Path,
    bool IsDirectory,
    long Length,
    int Replication,
    long BlockSize,
    DateTimeOffset Modified,
    bool IsParquet,
    int BlockCount,
    long RowCount)
{
    internal static FileEntry From(FileStatus status) => new(
        status.Path,
        status.IsDirectory,
        status.Length,
        status.Replication,
        status.BlockSize,
        DateTimeOffset.FromUnixTimeMilliseconds(status.ModificationTimeMs),
        status.IsParquet,
        status.BlockCount,
        status.RowCount);
}
