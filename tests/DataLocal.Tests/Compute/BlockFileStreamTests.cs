using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;
using DataLocal.DataNode.Compute;

namespace DataLocal.Tests.Compute;

public sealed class BlockFileStreamTests
{
    private static (byte[] File, ParquetFileLayout Layout) Load(string name)
    {
        var path = TestData.Parquet(name);
        return (File.ReadAllBytes(path), ParquetFooterReader.Read(path));
    }

    [Fact]
    public void Read_InsideBlockFooterAndMagic_MatchesOriginalFile()
    {
        var (file, layout) = Load("file_row_number.parquet");
        var block = ParquetBlockSplitter.Split(layout, 16 * 1024)[1];
        using var stream = new BlockFileStream(
            new MemoryStream(file[(int)block.Offset..(int)(block.Offset + block.Length)]), block.Offset, layout.FileLength, layout.Footer);

        Assert.Equal(file.Length, stream.Length);
        var magic = new byte[4];
        stream.ReadExactly(magic);
        Assert.Equal("PAR1"u8.ToArray(), magic);

        stream.Position = block.Offset + 10;
        var inside = new byte[100];
        stream.ReadExactly(inside);
        Assert.Equal(file.AsSpan((int)block.Offset + 10, 100).ToArray(), inside);

        stream.Seek(-layout.Footer.Length, SeekOrigin.End);
        var footer = new byte[layout.Footer.Length];
        stream.ReadExactly(footer);
        Assert.Equal(layout.Footer, footer);
        Assert.Equal(0, stream.Read(new byte[10]));
    }

    [Fact]
    public void Read_OutsideBlockAndFooter_Throws()
    {
        var (file, layout) = Load("file_row_number.parquet");
        var blocks = ParquetBlockSplitter.Split(layout, 16 * 1024);
        var block = blocks[1];
        using var stream = new BlockFileStream(
            new MemoryStream(file[(int)block.Offset..(int)(block.Offset + block.Length)]), block.Offset, layout.FileLength, layout.Footer);

        stream.Position = blocks[0].Offset + 100;
        Assert.Throws<BlockRangeException>(() => stream.ReadExactly(new byte[10]));
    }

    [Fact]
    public void Read_SpanningBlockEnd_ReturnsShortReadThenThrows()
    {
        var (file, layout) = Load("file_row_number.parquet");
        var block = ParquetBlockSplitter.Split(layout, 16 * 1024)[1];
        using var stream = new BlockFileStream(
            new MemoryStream(file[(int)block.Offset..(int)(block.Offset + block.Length)]), block.Offset, layout.FileLength, layout.Footer);

        stream.Position = block.Offset + block.Length - 5;
        Assert.Equal(5, stream.Read(new byte[20]));
        Assert.Throws<BlockRangeException>(() => stream.Read(new byte[20]));
    }

    [Fact]
    public void Constructor_BlockBeyondFile_Throws()
    {
        var (_, layout) = Load("sort_columns.parquet");
        Assert.Throws<ArgumentException>(() =>
            new BlockFileStream(new MemoryStream(new byte[100]), layout.FileLength - 50, layout.FileLength, layout.Footer));
    }
}
