using System.Buffers.Binary;
using System.Globalization;

namespace DataLocal.Common.Parquet;

/// <summary>The decoded footer with what validation needs beyond the public layout.</summary>
internal sealed record ParquetFooter(ParquetFileLayout Layout, FileMetadata Metadata, IReadOnlyList<LeafColumn> Leaves);

/// <summary>
/// Reads and checks a Parquet file's footer with our own strict Thrift reader (not Parquet.Net, which can
/// crash or spin on hostile footers), and turns it into a <see cref="ParquetFileLayout"/>.
/// </summary>
public static class ParquetFooterReader
{
    /// <summary>Leading magic, 4-byte footer length and trailing magic: the smallest possible frame.</summary>
    public const int MinimumFileLength = 12;

    /// <summary>Footers beyond this are refused rather than loaded into memory.</summary>
    public const int MaxFooterLength = 256 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>True when a file starts and ends with the plain-footer magic <c>PAR1</c>.</summary>
    public static bool LooksLikeParquet(ReadOnlySpan<byte> firstFourBytes, ReadOnlySpan<byte> lastFourBytes) =>
        firstFourBytes.SequenceEqual(Magic) && lastFourBytes.SequenceEqual(Magic);

    /// <summary>True when a seekable stream starts and ends with <c>PAR1</c>; leaves its position unchanged.</summary>
    public static bool LooksLikeParquet(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Length < 8)
        {
            return false;
        }
        var position = stream.Position;
        try
        {
            Span<byte> head = stackalloc byte[4];
            Span<byte> tail = stackalloc byte[4];
            stream.Position = 0;
            stream.ReadExactly(head);
            stream.Position = stream.Length - 4;
            stream.ReadExactly(tail);
            return LooksLikeParquet(head, tail);
        }
        finally
        {
            stream.Position = position;
        }
    }

    /// <summary>Reads and validates the footer of the file at <paramref name="path"/>.</summary>
    public static ParquetFileLayout Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads and validates the footer of a seekable stream holding a whole Parquet file.</summary>
    public static ParquetFileLayout Read(Stream stream) => ReadFooter(stream).Layout;

    internal static ParquetFooter ReadFooter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var fileLength = stream.Length;
        if (fileLength < MinimumFileLength)
        {
            throw new InvalidParquetException(
                $"file of {fileLength} bytes is too small (a Parquet file has at least {MinimumFileLength})");
        }
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = fileLength - 8;
        stream.ReadExactly(tail);
        if (!head.SequenceEqual(Magic) || !tail[4..].SequenceEqual(Magic))
        {
            throw new InvalidParquetException(
                $"magic is {Hex(head)}...{Hex(tail[4..])}, expected PAR1 at both ends");
        }
        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (metadataLength <= 0 || metadataLength > fileLength - MinimumFileLength)
        {
            throw new InvalidParquetException(
                $"footer length {metadataLength} does not fit in a file of {fileLength} bytes");
        }
        if (metadataLength > MaxFooterLength)
        {
            throw new InvalidParquetException($"footer of {metadataLength} bytes exceeds the {MaxFooterLength}-byte limit");
        }
        var footerOffset = fileLength - 8 - metadataLength;
        var footer = new byte[metadataLength + 8];
        stream.Position = footerOffset;
        stream.ReadExactly(footer);

        var reader = new ThriftCompactReader(footer, 0, metadataLength);
        var metadata = ParquetMetadataDecoder.DecodeFileMetadata(reader);
        if (reader.Remaining != 0)
        {
            // The footer length says where the metadata ends; bytes left over mean the two disagree.
            throw new InvalidParquetException(
                $"footer length {metadataLength} but the metadata ends after {reader.Position} bytes");
        }
        var leaves = ParquetSchema.Leaves(metadata.Schema);
        var layout = BuildLayout(fileLength, footerOffset, footer, metadata, leaves);
        return new ParquetFooter(layout, metadata, leaves);
    }

    private static ParquetFileLayout BuildLayout(
        long fileLength, long footerOffset, byte[] footer, FileMetadata metadata, IReadOnlyList<LeafColumn> leaves)
    {
        if (metadata.NumRows < 0)
        {
            throw new InvalidParquetException($"num_rows is {metadata.NumRows}");
        }
        var orders = leaves.Select(ParquetStatistics.OrderOf).ToArray();
        var rowGroups = new List<RowGroupLayout>(metadata.RowGroups.Count);
        long rowSum = 0;
        long previousEnd = 4;
        for (var index = 0; index < metadata.RowGroups.Count; index++)
        {
            var rowGroup = metadata.RowGroups[index];
            var where = $"row group {index}";
            if (rowGroup.NumRows < 0 || rowGroup.FileOffset < 0 || rowGroup.TotalCompressedSize < 0)
            {
                throw new InvalidParquetException(
                    $"{where} has num_rows {rowGroup.NumRows}, file_offset {rowGroup.FileOffset}, total_compressed_size {rowGroup.TotalCompressedSize}");
            }
            rowSum = rowSum > long.MaxValue - rowGroup.NumRows
                ? throw new InvalidParquetException("row group num_rows overflow")
                : rowSum + rowGroup.NumRows;
            if (rowGroup.Columns.Count != leaves.Count)
            {
                throw new InvalidParquetException(
                    $"{where} has {rowGroup.Columns.Count} column chunks but the schema has {leaves.Count} leaf columns");
            }
            var statistics = new List<ColumnStatistics>(leaves.Count);
            var chunks = new List<(long Start, long End)>(leaves.Count);
            for (var c = 0; c < leaves.Count; c++)
            {
                var chunk = rowGroup.Columns[c];
                chunks.Add(CheckChunk(chunk, leaves[c], $"{where} column '{leaves[c].Path}'", footerOffset));
                statistics.Add(ParquetStatistics.Render(leaves[c], orders[c], chunk.Statistics));
            }
            if (chunks.Count == 0)
            {
                throw new InvalidParquetException($"{where} has no column chunks");
            }
            // Column chunks of a row group must not share bytes; overlapping chunks mean lying sizes.
            chunks.Sort();
            for (var c = 1; c < chunks.Count; c++)
            {
                if (chunks[c].Start < chunks[c - 1].End)
                {
                    throw new InvalidParquetException($"{where} has overlapping column chunks");
                }
            }
            var start = chunks[0].Start;
            var end = chunks.Max(x => x.End);
            // Blocks are cut at row-group starts, so row groups must follow each other without overlap.
            if (start < previousEnd)
            {
                throw new InvalidParquetException($"{where} starts at byte {start}, inside the previous row group");
            }
            previousEnd = end;
            rowGroups.Add(new RowGroupLayout(index, start, end - start, rowGroup.NumRows, statistics));
        }
        // The row groups are the data; FileMetaData.num_rows is a summary some writers get wrong (a legacy
        // repeated column written with num_rows = 0 over 6 rows), so the row count is their sum.
        return new ParquetFileLayout(fileLength, footerOffset, footer, rowSum, leaves.Select(l => l.Path).ToArray(), rowGroups)
        {
            ColumnOrders = orders,
        };
    }

    private static (long Start, long End) CheckChunk(ColumnChunkMetadata chunk, LeafColumn leaf, string where, long footerOffset)
    {
        if (chunk.FilePath is not null)
        {
            // The data lives in another file: nothing here for the blocks to hold, and readers cannot follow it.
            throw new InvalidParquetException($"{where} keeps its data in another file ('{chunk.FilePath}')");
        }
        if (chunk.Type != leaf.PhysicalType)
        {
            throw new InvalidParquetException($"{where} has physical type {chunk.Type}, the schema says {leaf.PhysicalType}");
        }
        if (!chunk.PathInSchema.SequenceEqual(leaf.PathParts))
        {
            throw new InvalidParquetException($"{where} has path_in_schema '{string.Join('.', chunk.PathInSchema)}'");
        }
        if (chunk.Codec is < 0 or > 7)
        {
            throw new InvalidParquetException($"{where} has unknown codec {chunk.Codec}");
        }
        if (chunk.NumValues < 0 || chunk.TotalCompressedSize <= 0 || chunk.TotalUncompressedSize < 0)
        {
            throw new InvalidParquetException(
                $"{where} has num_values {chunk.NumValues}, total_compressed_size {chunk.TotalCompressedSize}, total_uncompressed_size {chunk.TotalUncompressedSize}");
        }
        if (chunk.DictionaryPageOffset < 0)
        {
            throw new InvalidParquetException($"{where} has dictionary_page_offset {chunk.DictionaryPageOffset}");
        }
        var start = chunk.Start;
        if (start < 4 || start > footerOffset || chunk.TotalCompressedSize > footerOffset - start)
        {
            throw new InvalidParquetException(
                $"{where} spans bytes [{start}, {start}+{chunk.TotalCompressedSize}) outside the data area [4, {footerOffset})");
        }
        return (start, start + chunk.TotalCompressedSize);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
