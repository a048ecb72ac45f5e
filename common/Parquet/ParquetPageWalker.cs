namespace DataLocal.Common.Parquet;

/// <summary>
/// Walks the page headers of every column chunk and checks they agree with the footer: pages tile the
/// chunk exactly, counts are non-negative, data pages hold the chunk's num_values, and a column that can
/// hold no nulls reports none. These are properties of the file itself, independent of any reader's
/// feature set, so a failure here means the file is broken rather than merely unsupported. Only headers are
/// read (page bodies are skipped), so this costs a few bytes per page whatever the codec.
/// </summary>
internal static class ParquetPageWalker
{
    // parquet.thrift PageType.
    private const int DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3;

    // Page headers are usually tens of bytes; statistics of long strings can make them much larger.
    private const int InitialHeaderWindow = 1024;
    private const int MaxHeaderWindow = 16 * 1024 * 1024;

    /// <summary>Checks every column chunk; returns each row group's uncompressed bytes as its page headers state them.</summary>
    public static IReadOnlyList<long> Check(Stream stream, ParquetFooter footer, CancellationToken cancellationToken)
    {
        var rowGroups = footer.Metadata.RowGroups;
        var uncompressed = new long[rowGroups.Count];
        for (var r = 0; r < rowGroups.Count; r++)
        {
            for (var c = 0; c < footer.Leaves.Count; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var where = $"row group {r} column '{footer.Leaves[c].Path}'";
                uncompressed[r] += CheckChunk(stream, rowGroups[r], rowGroups[r].Columns[c], footer.Leaves[c], where);
            }
        }
        return uncompressed;
    }

    private static long CheckChunk(Stream stream, RowGroupMetadata rowGroup, ColumnChunkMetadata chunk, LeafColumn leaf, string where)
    {
        var canHoldNulls = leaf.MaxDefinitionLevel > 0;
        if (!canHoldNulls && chunk.Statistics?.NullCount > 0)
        {
            throw new InvalidParquetException($"{where} is REQUIRED but its statistics count {chunk.Statistics.NullCount} nulls");
        }
        // Without repetition every row has exactly one value (or null) in every column.
        if (leaf.MaxRepetitionLevel == 0 && chunk.NumValues != rowGroup.NumRows)
        {
            throw new InvalidParquetException($"{where} has {chunk.NumValues} values for {rowGroup.NumRows} rows");
        }
        var position = chunk.Start;
        var end = chunk.Start + chunk.TotalCompressedSize;
        long dataValues = 0;
        long uncompressed = 0;
        var pageIndex = 0;
        while (position < end)
        {
            var page = ReadHeader(stream, position, end, $"{where} page {pageIndex}");
            var pageWhere = $"{where} page {pageIndex}";
            if (page.CompressedSize < 0 || page.UncompressedSize < 0)
            {
                throw new InvalidParquetException(
                    $"{pageWhere} has compressed size {page.CompressedSize}, uncompressed size {page.UncompressedSize}");
            }
            if (page.CompressedSize > end - position - page.HeaderLength)
            {
                throw new InvalidParquetException($"{pageWhere} runs past the end of its column chunk");
            }
            if (page.NumValues < 0 || page.NumNulls < 0 || page.NumRows < 0)
            {
                throw new InvalidParquetException(
                    $"{pageWhere} has num_values {page.NumValues}, num_nulls {page.NumNulls}, num_rows {page.NumRows}");
            }
            switch (page.Type)
            {
                case DictionaryPage when pageIndex != 0:
                    throw new InvalidParquetException($"{pageWhere} is a dictionary page after the first page");
                case DataPage or DataPageV2:
                    dataValues += page.NumValues;
                    break;
            }
            if (page.Type == DataPageV2 && (page.NumNulls > page.NumValues || page.LevelsLength > page.CompressedSize))
            {
                throw new InvalidParquetException($"{pageWhere} has inconsistent V2 header counts");
            }
            if (!canHoldNulls && page.NumNulls > 0)
            {
                throw new InvalidParquetException($"{pageWhere} is in a REQUIRED column but counts {page.NumNulls} nulls");
            }
            position += page.HeaderLength + page.CompressedSize;
            uncompressed += page.UncompressedSize;
            pageIndex++;
        }
        if (dataValues != chunk.NumValues)
        {
            throw new InvalidParquetException($"{where} data pages hold {dataValues} values, the footer says {chunk.NumValues}");
        }
        return uncompressed;
    }

    private static PageHeader ReadHeader(Stream stream, long position, long end, string where)
    {
        var available = end - position;
        var window = (int)Math.Min(available, InitialHeaderWindow);
        while (true)
        {
            var buffer = new byte[window];
            stream.Position = position;
            stream.ReadExactly(buffer);
            try
            {
                return DecodeHeader(new ThriftCompactReader(buffer));
            }
            catch (InvalidParquetException) when (window < available && window < MaxHeaderWindow)
            {
                // Most likely the header is longer than the window: retry with more bytes.
                window = (int)Math.Min(Math.Min(available, MaxHeaderWindow), (long)window * 8);
            }
            catch (InvalidParquetException e)
            {
                throw new InvalidParquetException($"{where} has an unreadable page header ({e.Reason})", e);
            }
        }
    }

    private static PageHeader DecodeHeader(ThriftCompactReader reader)
    {
        int? type = null, uncompressed = null, compressed = null;
        var header = new PageHeader();
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = ReadI32(reader, field, "PageHeader.type"); break;
                case 2: uncompressed = ReadI32(reader, field, "PageHeader.uncompressed_page_size"); break;
                case 3: compressed = ReadI32(reader, field, "PageHeader.compressed_page_size"); break;
                case 5:
                case 7:
                case 8:
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "PageHeader page-type header");
                    header = DecodeTypeHeader(reader, field.Id);
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        if (type is not (DataPage or IndexPage or DictionaryPage or DataPageV2))
        {
            throw new InvalidParquetException($"page type {type?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}");
        }
        return header with
        {
            Type = type.Value,
            UncompressedSize = uncompressed ?? throw new InvalidParquetException("page uncompressed size missing"),
            CompressedSize = compressed ?? throw new InvalidParquetException("page compressed size missing"),
            HeaderLength = reader.Position,
        };
    }

    /// <summary>Reads DataPageHeader (5), DictionaryPageHeader (7) or DataPageHeaderV2 (8).</summary>
    private static PageHeader DecodeTypeHeader(ThriftCompactReader reader, short kind)
    {
        var header = new PageHeader();
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch ((kind, field.Id))
            {
                case (_, 1): header = header with { NumValues = ReadI32(reader, field, "page num_values") }; break;
                case (8, 2): header = header with { NumNulls = ReadI32(reader, field, "DataPageHeaderV2.num_nulls") }; break;
                case (8, 3): header = header with { NumRows = ReadI32(reader, field, "DataPageHeaderV2.num_rows") }; break;
                case (8, 5):
                case (8, 6):
                    var length = ReadI32(reader, field, "DataPageHeaderV2 levels length");
                    header = header with { LevelsLength = length < 0 ? -1 : header.LevelsLength + length };
                    break;
                case (5, 5) or (8, 8):
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "page statistics");
                    var statistics = ParquetMetadataDecoder.DecodeStatistics(reader);
                    header = header with { NumNulls = Math.Max(header.NumNulls, statistics.NullCount ?? 0) };
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        if (header.LevelsLength < 0)
        {
            throw new InvalidParquetException("DataPageHeaderV2 has a negative levels length");
        }
        return header;
    }

    private static int ReadI32(ThriftCompactReader reader, ThriftField field, string what)
    {
        ThriftCompactReader.Expect(field, ThriftType.I32, what);
        return reader.ReadI32();
    }

    /// <summary>The parts of a page header the checks use; counts absent from the header stay 0.</summary>
    private sealed record PageHeader
    {
        public int Type { get; init; }
        public int HeaderLength { get; init; }
        public int UncompressedSize { get; init; }
        public int CompressedSize { get; init; }
        public int NumValues { get; init; }
        public long NumNulls { get; init; }
        public int NumRows { get; init; }
        public long LevelsLength { get; init; }
    }
}
