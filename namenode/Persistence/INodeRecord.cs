using LiteDB;

namespace DataLocal.NameNode.Persistence;

/// <summary>A file or directory as stored in LiteDB; the path is the key.</summary>
public sealed class INodeRecord
{
    [BsonId]
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
}

/// <summary>One block of a file: its place in the file and, for Parquet, what it holds.</summary>
public sealed class BlockRecord
{
    public long BlockId { get; set; }

    public long Offset { get; set; }

    public long Length { get; set; }

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
