
namespace DataLocal.Common.Parquet;

/// <summary>
/// Plans the blocks of a Parquet file so that every block holds whole row groups: a task reading one block
/// then reads its row groups from local disk. Blocks tile the whole file without gaps so that concatenating
/// them gives back the file byte for byte: the first block also holds the leading magic, the last also
/// holds the footer, and bytes between row groups (indexes, bloom filters) stay with the row group before.
/// </summary>
public static class ParquetBlockSplitter
{
    public static IReadOnlyList<BlockRange> Split(ParquetFileLayout layout, long blockSize)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var rowGroups = layout.RowGroups;
        if (rowGroups.Count == 0)
        {
            var columns = layout.ColumnNames.Select(name => new ColumnStatistics(name, null, null, 0)).ToArray();
            return [new BlockRange(0, layout.FileLength, 0, 0, 0, columns)];
        }
        var blocks = new List<BlockRange>();
        var first = 0;
        while (first < rowGroups.Count)
        {
            var start = first == 0 ? 0 : rowGroups[first].Offset;
            // Take at least one row group, then more while the block, ending where the next one starts, fits.
            var last = first;
            while (last + 1 < rowGroups.Count && EndAfter(layout, last + 1) - start <= blockSize)
            {
                last++;
            }
            blocks.Add(MakeBlock(layout, first, last, start, EndAfter(layout, last)));
            first = last + 1;
        }
        return blocks;
    }

    /// <summary>Where a block whose last row group is <paramref name="index"/> ends: at the next row group, or the file's end.</summary>
    private static long EndAfter(ParquetFileLayout layout, int index) =>
        index + 1 < layout.RowGroups.Count ? layout.RowGroups[index + 1].Offset : layout.FileLength;

    private static BlockRange MakeBlock(ParquetFileLayout layout, int first, int last, long start, long end)
    {
        var count = last - first + 1;
        var groups = layout.RowGroups.Skip(first).Take(count).ToArray();
        var columns = new ColumnStatistics[layout.ColumnNames.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            var order = c < layout.ColumnOrders.Count ? layout.ColumnOrders[c] : StatisticsOrder.None;
            var parts = groups.Select(g => g.Columns[c]).ToArray();
            var merged = StatisticsMerger.Merge(layout.ColumnNames[c], order, parts);
            // A row group holding only nulls in the column has no bounds (writers leave min/max out) and needs
            // none: none of its values can match a comparison or be a min or max. Its nulls still count.
            var valued = groups.Where(g => g.Columns[c].NullCount != g.RowCount).Select(g => g.Columns[c]).ToArray();
            columns[c] = valued.Length == parts.Length || valued.Length == 0
                ? merged
                : StatisticsMerger.Merge(layout.ColumnNames[c], order, valued) with { NullCount = merged.NullCount };
        }
        return new BlockRange(start, end - start, first, count, groups.Sum(g => g.RowCount), columns);
    }
}
