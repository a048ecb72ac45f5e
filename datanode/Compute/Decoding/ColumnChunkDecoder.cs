using System.Buffers;
using System.Buffers.Binary;
using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using static DataLocal.DataNode.Compute.ValueConversions;

namespace DataLocal.DataNode.Compute.Decoding;

/// <summary>
/// Decodes one flat column chunk straight from its pages into a <see cref="ColumnVector"/>: the common cases
/// (PLAIN and dictionary-encoded INT32, INT64, FLOAT, DOUBLE, BOOLEAN and UTF-8 text; V1 and V2 data pages;
/// every codec but LZO and Hadoop-framed LZ4) without Parquet.Net. Measured on the engine benchmark, Parquet.Net
/// spent most of a scan's time allocating and copying page buffers and turned every text value into its own
/// characters; here a dictionary is decoded once per chunk and each row is an index into it. Anything else —
/// another type or encoding, nested columns — is declined (<see cref="CanDecode"/> false, or null from
/// <see cref="Decode"/>) and left to <see cref="ParquetColumnScanner"/>. The kinds are the ones
/// <see cref="ParquetQuerySchema"/> states, so both paths give the same values.
/// </summary>
internal static class ColumnChunkDecoder
{
    // parquet.thrift Type, Encoding and ConvertedType.
    private const int BooleanType = 0, Int32Type = 1, Int64Type = 2, FloatType = 4, DoubleType = 5, ByteArrayType = 6;
    private const int Plain = 0, PlainDictionary = 2, Rle = 3, RleDictionary = 8;
    private const int ConvertedUint8 = 11, ConvertedUint32 = 13, LogicalInteger = 10;

    public static bool CanDecode(LeafColumn leaf, ColumnChunkMetadata chunk)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chunk);
        if (leaf.MaxRepetitionLevel != 0 || leaf.MaxDefinitionLevel > 1 || chunk.FilePath is not null
            || chunk.Type != leaf.PhysicalType || !PageDecompressor.Supports(chunk.Codec))
        {
            return false;
        }
        return (ParquetQuerySchema.KindOf(leaf), leaf.PhysicalType) switch
        {
            (ValueKind.BigInt, Int32Type or Int64Type) or (ValueKind.Date, Int32Type) or (ValueKind.Real, DoubleType)
                or (ValueKind.Float, FloatType) or (ValueKind.Boolean, BooleanType) or (ValueKind.Varchar, ByteArrayType) => true,
            _ => false,
        };
    }

    /// <summary>
    /// The chunk's <paramref name="rows"/> values, or null when a page uses an encoding not decoded here.
    /// <paramref name="selected"/>: ascending rows whose PLAIN text must be materialised (null: all).
    /// </summary>
    public static ColumnVector? Decode(Stream file, LeafColumn leaf, ColumnChunkMetadata chunk, int rows, int[]? selected)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chunk);
        var builder = NewBuilder(leaf, rows, selected);
        var length = checked((int)chunk.TotalCompressedSize);
        var bytes = TaskArrayPool<byte>.Shared.Rent(length);
        try
        {
            file.Position = chunk.Start;
            file.ReadExactly(bytes, 0, length);
            return ReadPages(bytes, length, leaf.MaxDefinitionLevel, chunk, builder) ? builder.Finish() : null;
        }
        finally
        {
            TaskArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static ColumnBuilder NewBuilder(LeafColumn leaf, int rows, int[]? selected)
    {
        var maxDefinition = leaf.MaxDefinitionLevel;
        return (ParquetQuerySchema.KindOf(leaf), leaf.PhysicalType) switch
        {
            (ValueKind.BigInt, Int32Type) when IsUnsigned(leaf.Element) => new FixedWidthBuilder<int, long, UIntBitsToLong>(ValueKind.BigInt, rows, maxDefinition),
            (ValueKind.BigInt, Int32Type) => new FixedWidthBuilder<int, long, IntToLong>(ValueKind.BigInt, rows, maxDefinition),
            (ValueKind.BigInt, Int64Type) => new FixedWidthBuilder<long, long, Same<long>>(ValueKind.BigInt, rows, maxDefinition),
            (ValueKind.Date, Int32Type) => new FixedWidthBuilder<int, long, UnixDaysToDayNumber>(ValueKind.Date, rows, maxDefinition),
            (ValueKind.Real, DoubleType) => new FixedWidthBuilder<double, double, Same<double>>(ValueKind.Real, rows, maxDefinition),
            (ValueKind.Float, FloatType) => new FixedWidthBuilder<float, float, Same<float>>(ValueKind.Float, rows, maxDefinition),
            (ValueKind.Boolean, BooleanType) => new BooleanBuilder(rows, maxDefinition),
            (ValueKind.Varchar, ByteArrayType) => new TextBuilder(rows, maxDefinition, selected),
            _ => throw new InvalidOperationException($"column '{leaf.Path}' is not decoded here"),
        };
    }

    private static bool IsUnsigned(SchemaElement element) =>
        element.LogicalType is { Kind: LogicalInteger, IntSigned: false }
        || element.LogicalType is null && element.ConvertedType is >= ConvertedUint8 and <= ConvertedUint32;

    // Returns false when a page uses an encoding this decoder leaves to Parquet.Net.
    private static bool ReadPages(byte[] bytes, int length, int maxDefinition, ColumnChunkMetadata metadata, ColumnBuilder builder)
    {
        var chunk = bytes.AsSpan(0, length);
        var codec = metadata.Codec;
        var position = 0;
        while (position < chunk.Length)
        {
            var header = ParquetPageHeader.Decode(new ThriftCompactReader(bytes, position, length - position));
            var bodyStart = position + header.HeaderLength;
            if (header.CompressedSize < 0 || header.UncompressedSize < 0 || header.CompressedSize > chunk.Length - bodyStart)
            {
                throw new InvalidParquetException("a page runs past the end of its column chunk");
            }
            // The footer's size of the chunk was checked against the task's memory limit, a page header was not:
            // one claiming more than its whole chunk is left to Parquet.Net rather than trusted with a buffer.
            if (header.UncompressedSize > metadata.TotalUncompressedSize)
            {
                return false;
            }
            var body = chunk.Slice(bodyStart, header.CompressedSize);
            position = bodyStart + header.CompressedSize;
            var accepted = header.Type switch
            {
                ParquetPageHeader.DictionaryPage => ReadDictionaryPage(header, body, codec, builder),
                ParquetPageHeader.DataPage => ReadDataPageV1(header, body, codec, maxDefinition, builder),
                ParquetPageHeader.DataPageV2 => ReadDataPageV2(header, body, codec, maxDefinition, builder),
                _ => true, // index pages carry nothing a scan needs
            };
            if (!accepted)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ReadDictionaryPage(ParquetPageHeader header, ReadOnlySpan<byte> body, int codec, ColumnBuilder builder)
    {
        if (header.Encoding is not (Plain or PlainDictionary))
        {
            return false;
        }
        var inflated = TaskArrayPool<byte>.Shared.Rent(header.UncompressedSize);
        try
        {
            var plain = inflated.AsSpan(0, header.UncompressedSize);
            PageDecompressor.Decompress(codec, body, plain);
            builder.SetDictionary(plain, header.NumValues);
            return true;
        }
        finally
        {
            TaskArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private static bool ReadDataPageV1(ParquetPageHeader header, ReadOnlySpan<byte> body, int codec, int maxDefinition, ColumnBuilder builder)
    {
        if (maxDefinition > 0 && header.DefinitionLevelEncoding != Rle)
        {
            return false;
        }
        var inflated = TaskArrayPool<byte>.Shared.Rent(header.UncompressedSize);
        try
        {
            var page = inflated.AsSpan(0, header.UncompressedSize);
            PageDecompressor.Decompress(codec, body, page);
            var levels = ReadOnlySpan<byte>.Empty;
            if (maxDefinition > 0)
            {
                if (page.Length < 4)
                {
                    throw new InvalidParquetException("a data page is too short for its definition levels");
                }
                var length = BinaryPrimitives.ReadInt32LittleEndian(page);
                if (length < 0 || length > page.Length - 4)
                {
                    throw new InvalidParquetException($"definition levels of {length} bytes do not fit their page");
                }
                levels = page.Slice(4, length);
                page = page[(4 + length)..];
            }
            return AddValues(header.Encoding, header.NumValues, levels, page, maxDefinition, builder);
        }
        finally
        {
            TaskArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private static bool ReadDataPageV2(ParquetPageHeader header, ReadOnlySpan<byte> body, int codec, int maxDefinition, ColumnBuilder builder)
    {
        var levelsLength = header.LevelsLength;
        if (levelsLength > body.Length || levelsLength > header.UncompressedSize)
        {
            throw new InvalidParquetException("a V2 page's levels do not fit the page");
        }
        // Repetition levels come first; flat columns have none to read.
        var levels = body.Slice(header.RepetitionLevelsLength, header.DefinitionLevelsLength);
        var values = body[(int)levelsLength..];
        var inflatedLength = header.UncompressedSize - (int)levelsLength;
        if (!header.IsCompressed)
        {
            return AddValues(header.Encoding, header.NumValues, maxDefinition > 0 ? levels : [], values, maxDefinition, builder);
        }
        var inflated = TaskArrayPool<byte>.Shared.Rent(inflatedLength);
        try
        {
            var plain = inflated.AsSpan(0, inflatedLength);
            PageDecompressor.Decompress(codec, values, plain);
            return AddValues(header.Encoding, header.NumValues, maxDefinition > 0 ? levels : [], plain, maxDefinition, builder);
        }
        finally
        {
            TaskArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private static bool AddValues(
        int encoding, int count, ReadOnlySpan<byte> levelBytes, ReadOnlySpan<byte> values, int maxDefinition, ColumnBuilder builder)
    {
        var dictionary = encoding is PlainDictionary or RleDictionary;
        if (!dictionary && encoding != Plain)
        {
            return false;
        }
        if (count < 0 || count > builder.RowsLeft)
        {
            throw new InvalidParquetException($"data pages hold more values than the row group's {builder.Rows} rows");
        }
        if (maxDefinition == 0)
        {
            builder.Add(dictionary, values, count, []);
            return true;
        }
        var levels = TaskArrayPool<int>.Shared.Rent(count);
        try
        {
            var span = levels.AsSpan(0, count);
            new RleBitPackedReader(levelBytes, RleBitPackedReader.BitWidthOf(maxDefinition)).Read(span);
            // No null in the page (DuckDB and Spark write optional columns without any): no levels to follow.
            builder.Add(dictionary, values, count, span.IndexOfAnyExcept(maxDefinition) < 0 ? [] : span);
            return true;
        }
        finally
        {
            TaskArrayPool<int>.Shared.Return(levels);
        }
    }
}
