using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using DataLocal.Protocol.Client;
using Google.Protobuf;

namespace DataLocal.NameNode.Grpc;

/// <summary>Maps between stored records and wire messages, in one place so services stay thin.</summary>
internal static class ProtoMapping
{
    public static FileStatus ToStatus(this INodeRecord node) => new()
    {
        Path = node.Path,
        IsDirectory = node.IsDirectory,
        Length = node.Length,
        Replication = node.Replication,
        BlockSize = node.BlockSize,
        ModificationTimeMs = new DateTimeOffset(DateTime.SpecifyKind(node.ModifiedUtc, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
        IsParquet = node.IsParquet,
        BlockCount = node.Blocks.Count,
        RowCount = node.Blocks.Sum(b => b.RowCount),
        Owner = node.OwnerName,
        Group = node.GroupName,
        Permission = node.Permission,
    };

    public static WrittenBlock ToProto(this BlockRecord block)
    {
        var proto = new WrittenBlock
        {
            BlockId = block.BlockId,
            Offset = block.Offset,
            Length = block.Length,
            FirstRowGroup = block.FirstRowGroup,
            RowGroupCount = block.RowGroupCount,
            RowCount = block.RowCount,
        };
        proto.Columns.AddRange(block.Columns.Select(c => new ColumnStatistics
        {
            Column = c.Column,
            Min = c.Min ?? string.Empty,
            Max = c.Max ?? string.Empty,
            HasMinMax = c.Min is not null && c.Max is not null,
            NullCount = c.NullCount ?? -1,
        }));
        return proto;
    }

    public static BlockRecord ToRecord(this WrittenBlock block) => new()
    {
        BlockId = block.BlockId,
        Offset = block.Offset,
        Length = block.Length,
        FirstRowGroup = block.FirstRowGroup,
        RowGroupCount = block.RowGroupCount,
        RowCount = block.RowCount,
        Columns = [.. block.Columns.Select(c => new ColumnStatisticsRecord
        {
            Column = c.Column,
            Min = c.HasMinMax ? c.Min : null,
            Max = c.HasMinMax ? c.Max : null,
            NullCount = c.NullCount >= 0 ? c.NullCount : null,
        })],
    };

    public static DatanodeAddress ToAddress(this DatanodeDescriptor node) => new()
    {
        NodeId = node.NodeId,
        Address = node.Address,
        Rack = node.Rack,
    };

    public static ByteString ToByteString(this byte[]? bytes) => bytes is null ? ByteString.Empty : ByteString.CopyFrom(bytes);
}
