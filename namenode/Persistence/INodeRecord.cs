using LiteDB;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// A file or directory as stored in LiteDB. It is found by <see cref="Key"/>, a digest of its exact path,
/// because LiteDB index keys are limited to about a kilobyte while paths may be longer, and because a
/// digest compares byte for byte whatever collation the database file was created with.
/// </summary>
public sealed class INodeRecord
{
    /// <summary>The store's lookup key for <see cref="Path"/>; set by <see cref="MetadataStore"/>, never by callers.</summary>
    [BsonId]
    public string Key { get; set; } = string.Empty;

    /// <summary>The store's lookup key for <see cref="Parent"/>, indexed so a directory's children are one query.</summary>
    public string ParentKey { get; set; } = string.Empty;

    public string Path { get; set; } = string.Empty;

    public string Parent { get; set; } = string.Empty;

    public bool IsDirectory { get; set; }

    public long Length { get; set; }

    public int Replication { get; set; }

    public long BlockSize { get; set; }

    public DateTime ModifiedUtc { get; set; }

    public bool IsParquet { get; set; }

    public byte[]? ParquetFooter { get; set; }

    public string? Sha256 { get; set; }

    public List<BlockRecord> Blocks { get; set; } = [];

    /// <summary>The owning user; null in records written before owners existed, which belong to the superuser (<see cref="OwnerName"/>).</summary>
    public string? Owner { get; set; }

    /// <summary>The owning group; null in records written before groups existed, read as <see cref="Security.Superuser.Group"/>.</summary>
    public string? Group { get; set; }

    /// <summary>POSIX permission bits (0 to 0777); null in records written before modes existed, read as 755 (directory) or 644 (file).</summary>
    public int? Mode { get; set; }

    [BsonIgnore]
    public string OwnerName => Owner ?? Security.Superuser.Name;

    [BsonIgnore]
    public string GroupName => Group ?? Security.Superuser.Group;

    [BsonIgnore]
    public int Permission => Mode ?? (IsDirectory ? Common.Security.PermissionBits.NewDirectory : Common.Security.PermissionBits.NewFile);
}

/// <summary>One block of a file: its place in the file and, for Parquet, what it holds.</summary>
public sealed class BlockRecord
{
    public long BlockId { get; set; }

    public long Offset { get; set; }

    public long Length { get; set; }

    /// <summary>
    /// The stamp the namenode gave the block at allocation (see GenerationStamps), set from the
    /// namenode's own record at commit, never from what a writer says. 0 in records written before
    /// stamps existed: such a block accepts only replicas without a stamp (of the right length).
    /// </summary>
    public long GenerationStamp { get; set; }

    public int FirstRowGroup { get; set; }

    public int RowGroupCount { get; set; }

    public long RowCount { get; set; }

    public List<ColumnStatisticsRecord> Columns { get; set; } = [];
}

/// <summary>Min/max/null count of one column over one block, kept so jobs can skip blocks.</summary>
public sealed class ColumnStatisticsRecord
{
    public string Column { get; set; } = string.Empty;

    public string? Min { get; set; }

    public string? Max { get; set; }

    public long? NullCount { get; set; }
}
