using DataLocal.Common.Parquet;
using DataLocal.Common.Security;
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
    long RowCount,
    string Owner,
    string Group,
    int Permission)
{
    /// <summary>The mode as `ls -l` shows it, e.g. -rw-r--r--.</summary>
    public string PermissionText => PermissionBits.Text(IsDirectory, Permission);

    internal static FileEntry From(FileStatus status) => new(
        status.Path,
        status.IsDirectory,
        status.Length,
        status.Replication,
        status.BlockSize,
        DateTimeOffset.FromUnixTimeMilliseconds(status.ModificationTimeMs),
        status.IsParquet,
        status.BlockCount,
        status.RowCount,
        status.Owner,
        status.Group,
        status.Permission);
}
