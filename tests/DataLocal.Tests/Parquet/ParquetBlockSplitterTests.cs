using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;

namespace DataLocal.Tests.Parquet;

public sealed class ParquetBlockSplitterTests
{
    public static TheoryData<string, long> CorpusAndBlockSizes()
    {
        var data = new TheoryData<string, long>();
        foreach (var row in TestData.Tsv("parquet/ground-truth.tsv"))
        {
            data.Add(row[0], 4 * 1024);
            data.Add(row[0], 64 * 1024);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusAndBlockSizes))]
    public void Split_BlocksTileWholeFile(string file, long blockSize)
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet(file));

        var blocks = ParquetBlockSplitter.Split(layout, blockSize);

        Assert.Equal(0, blocks[0].Offset);
        for (var i = 1; i < blocks.Count; i++)
        {
            Assert.Equal(blocks[i - 1].Offset + blocks[i - 1].Length, blocks[i].Offset);
        }
        Assert.Equal(layout.FileLength, blocks[^1].Offset + blocks[^1].Length);
    }

    [Theory]
    [MemberData(nameof(CorpusAndBlockSizes))]
    public void Split_BlockHoldsWholeRowGroups(string file, long blockSize)
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet(file));

        var blocks = ParquetBlockSplitter.Split(layout, blockSize);

        var nextRowGroup = 0;
        foreach (var block in blocks)
        {
            Assert.Equal(nextRowGroup, block.FirstRowGroup);
            Assert.True(block.RowGroupCount >= 1);
            var groups = layout.RowGroups.Skip(block.FirstRowGroup).Take(block.RowGroupCount).ToArray();
            foreach (var group in groups)
            {
                Assert.True(group.Offset >= block.Offset && group.Offset + group.Length <= block.Offset + block.Length,
                    $"row group {group.Index} [{group.Offset}, +{group.Length}) is not inside block [{block.Offset}, +{block.Length})");
            }
            if (block.FirstRowGroup > 0)
            {
                Assert.Equal(groups[0].Offset, block.Offset);
            }
            Assert.True(block.RowGroupCount == 1 || block.Length <= blockSize, "only a lone row group may exceed the block size");
            Assert.Equal(groups.Sum(g => g.RowCount), block.RowCount);
            nextRowGroup += block.RowGroupCount;
        }
        Assert.Equal(layout.RowGroups.Count, nextRowGroup);
    }

    [Theory]
    [MemberData(nameof(CorpusAndBlockSizes))]
    public void Split_RowCountsSumToFileRows(string file, long blockSize)
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet(file));
        var expected = long.Parse(
            TestData.Tsv("parquet/ground-truth.tsv").Single(row => row[0] == file)[1],
            System.Globalization.CultureInfo.InvariantCulture);

        var blocks = ParquetBlockSplitter.Split(layout, blockSize);

        Assert.Equal(expected, blocks.Sum(b => b.RowCount));
    }

    [Fact]
    public void Split_ManyRowGroups_PacksSeveralPerBlock()
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet("manyrowgroups.parquet"));

        var blocks = ParquetBlockSplitter.Split(layout, 4 * 1024);

        Assert.True(blocks.Count > 1 && blocks.Count < layout.RowGroups.Count);
    }

    [Fact]
    public void Split_PacksGreedilyUpToBlockSize()
    {
        // Row groups of 30 bytes at 4, 34, 64, 94; footer from 124 to 150.
        var layout = Layout(150, [(4, 30), (34, 30), (64, 30), (94, 30)]);

        var blocks = ParquetBlockSplitter.Split(layout, 64);

        // Row groups 2 and 3 together would end at the file's end (150 - 64 = 86 > 64): the footer counts too.
        Assert.Equal(
            new[] { (0L, 64L, 0, 2), (64L, 30L, 2, 1), (94L, 56L, 3, 1) },
            blocks.Select(b => (b.Offset, b.Length, b.FirstRowGroup, b.RowGroupCount)).ToArray());
    }

    [Fact]
    public void Split_RowGroupLargerThanBlockSize_IsBlockOfItsOwn()
    {
        var layout = Layout(1040, [(4, 10), (14, 1000), (1014, 10)]);

        var blocks = ParquetBlockSplitter.Split(layout, 100);

        Assert.Equal(new[] { (0, 1), (1, 1), (2, 1) }, blocks.Select(b => (b.FirstRowGroup, b.RowGroupCount)).ToArray());
        Assert.Equal(1000, blocks[1].Length);
    }

    [Fact]
    public void Split_NoRowGroups_IsOneBlock()
    {
        var layout = Layout(40, []);

        var block = Assert.Single(ParquetBlockSplitter.Split(layout, 16));

        Assert.Equal((0L, 40L, 0, 0L), (block.Offset, block.Length, block.RowGroupCount, block.RowCount));
    }

    [Fact]
    public void Split_MergesStatisticsInColumnOrder()
    {
        ColumnStatistics[] Stats(string number, string text, string? unknown, long? nulls) =>
        [
            new("n", number, number, nulls),
            new("s", text, text, 1),
            new("u", unknown, unknown, 0),
        ];
        var layout = new ParquetFileLayout(100, 70, [], 3, ["n", "s", "u"],
        [
            new RowGroupLayout(0, 4, 20, 1, Stats("9", "b", "x", 2)),
            new RowGroupLayout(1, 24, 20, 1, Stats("10", "a", null, 3)),
            new RowGroupLayout(2, 44, 20, 1, Stats("-5", "é", "y", null)),
        ])
        {
            ColumnOrders = [StatisticsOrder.SignedInteger, StatisticsOrder.Utf8, StatisticsOrder.Utf8],
        };

        var block = Assert.Single(ParquetBlockSplitter.Split(layout, 1000));

        Assert.Equal(new ColumnStatistics("n", "-5", "10", null), block.Columns[0]);
        Assert.Equal(new ColumnStatistics("s", "a", "é", 3), block.Columns[1]);
        Assert.Equal(new ColumnStatistics("u", null, null, 0), block.Columns[2]);
    }

    /// <summary>Writers give a row group of only nulls no min/max: it leaves the block's bounds to the row groups with values, not unknown.</summary>
    [Fact]
    public void Split_RowGroupOfOnlyNulls_BoundsFromTheOthersNullsCounted()
    {
        var layout = new ParquetFileLayout(100, 70, [], 30, ["n"],
        [
            new RowGroupLayout(0, 4, 20, 10, [new ColumnStatistics("n", null, null, 10)]),
            new RowGroupLayout(1, 24, 20, 10, [new ColumnStatistics("n", "4", "8", 2)]),
            new RowGroupLayout(2, 44, 20, 10, [new ColumnStatistics("n", "-1", "3", 0)]),
        ])
        {
            ColumnOrders = [StatisticsOrder.SignedInteger],
        };
        var withUnknownBounds = new ParquetFileLayout(100, 70, [], 20, ["n"],
        [
            new RowGroupLayout(0, 4, 20, 10, [new ColumnStatistics("n", null, null, 9)]),
            new RowGroupLayout(1, 24, 20, 10, [new ColumnStatistics("n", "4", "8", 2)]),
        ])
        {
            ColumnOrders = [StatisticsOrder.SignedInteger],
        };

        Assert.Equal(new ColumnStatistics("n", "-1", "8", 12), Assert.Single(ParquetBlockSplitter.Split(layout, 1000)).Columns[0]);
        Assert.Equal(new ColumnStatistics("n", null, null, 11), Assert.Single(ParquetBlockSplitter.Split(withUnknownBounds, 1000)).Columns[0]);
    }

    [Fact]
    public void Split_FileRowNumber_BlockStatisticsCoverTheirRowGroups()
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet("file_row_number.parquet"));

        var blocks = ParquetBlockSplitter.Split(layout, 20_000);

        Assert.Equal(3, blocks[0].RowGroupCount);
        Assert.Equal(new ColumnStatistics("seq", "0", "2999", 0), blocks[0].Columns[0]);
        Assert.Equal(new ColumnStatistics("seq", "3000", "5999", 0), blocks[1].Columns[0]);
    }

    private static ParquetFileLayout Layout(long fileLength, (long Offset, long Length)[] rowGroups)
    {
        var groups = rowGroups
            .Select((g, i) => new RowGroupLayout(i, g.Offset, g.Length, 10, [new ColumnStatistics("c", null, null, 0)]))
            .ToArray();
        var footerOffset = rowGroups.Length == 0 ? 4 : rowGroups[^1].Offset + rowGroups[^1].Length;
        return new ParquetFileLayout(fileLength, footerOffset, [], 10L * groups.Length, ["c"], groups);
    }
}
