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
    private const int DataPage = ParquetPageHeader.DataPage, DictionaryPage = ParquetPageHeader.DictionaryPage;
    private const int DataPageV2 = ParquetPageHeader.DataPageV2;

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

    private static ParquetPageHeader ReadHeader(Stream stream, long position, long end, string where)
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
                return ParquetPageHeader.Decode(new ThriftCompactReader(buffer));
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
}
