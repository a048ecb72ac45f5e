using System.Buffers.Binary;
using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;

namespace DataLocal.Tests.Parquet;

public sealed class ParquetFooterReaderTests
{
    public static TheoryData<string, long, int> GroundTruth()
    {
        var data = new TheoryData<string, long, int>();
        foreach (var row in TestData.Tsv("parquet/ground-truth.tsv"))
        {
            data.Add(row[0], long.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GroundTruth))]
    public void Read_ValidCorpusFile_MatchesGroundTruth(string file, long rows, int rowGroups)
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet(file));

        Assert.Equal(rows, layout.RowCount);
        Assert.Equal(rowGroups, layout.RowGroups.Count);
        Assert.Equal(rows, layout.RowGroups.Sum(g => g.RowCount));
    }

    [Theory]
    [MemberData(nameof(GroundTruth))]
    public void Read_ValidCorpusFile_RowGroupsInOrderInsideDataArea(string file, long rows, int rowGroups)
    {
        _ = rows;
        _ = rowGroups;
        var layout = ParquetFooterReader.Read(TestData.Parquet(file));

        long previousEnd = 4;
        for (var i = 0; i < layout.RowGroups.Count; i++)
        {
            var group = layout.RowGroups[i];
            Assert.Equal(i, group.Index);
            Assert.True(group.Offset >= previousEnd, $"row group {i} starts at {group.Offset}, before {previousEnd}");
            Assert.True(group.Length > 0);
            previousEnd = group.Offset + group.Length;
            Assert.Equal(layout.ColumnNames.Count, group.Columns.Count);
        }
        Assert.True(previousEnd <= layout.FooterOffset);
    }

    [Fact]
    public void Read_FooterIsTheFileTail()
    {
        var path = TestData.Parquet("sort_columns.parquet");
        var bytes = File.ReadAllBytes(path);

        var layout = ParquetFooterReader.Read(path);

        Assert.Equal(bytes.Length, layout.FileLength);
        Assert.Equal(bytes.AsSpan((int)layout.FooterOffset).ToArray(), layout.Footer);
        Assert.Equal("PAR1"u8.ToArray(), layout.Footer[^4..]);
    }

    [Fact]
    public void Read_Lineitem_RendersTypedStatistics()
    {
        var layout = ParquetFooterReader.Read(TestData.Parquet("lineitem-top10000.gzip.parquet"));
        var columns = layout.RowGroups[0].Columns.ToDictionary(c => c.Column);

        Assert.Equal(("1", "50"), (columns["l_quantity"].Min, columns["l_quantity"].Max));
        Assert.Equal(("1992-01-08", "1998-11-27"), (columns["l_shipdate"].Min, columns["l_shipdate"].Max));
        Assert.Equal(("A", "R"), (columns["l_returnflag"].Min, columns["l_returnflag"].Max));
        Assert.Equal(("947.02", "103149"), (columns["l_extendedprice"].Min, columns["l_extendedprice"].Max));
        Assert.Equal(0, columns["l_quantity"].NullCount);
    }

    [Fact]
    public void Read_LegacyStringStatistics_AreIgnoredButNumbersKept()
    {
        // parquet-mr 1.8 wrote only the legacy min/max, whose byte order for strings was wrong.
        var layout = ParquetFooterReader.Read(TestData.Parquet("userdata1.parquet"));
        var columns = layout.RowGroups[0].Columns.ToDictionary(c => c.Column);

        Assert.Null(columns["first_name"].Min);
        Assert.Null(columns["first_name"].Max);
        Assert.Equal(("12380.49", "286592.99"), (columns["salary"].Min, columns["salary"].Max));
        Assert.Equal(68, columns["salary"].NullCount);
    }

    [Fact]
    public void Read_DecimalStatistics_RenderedWithScale()
    {
        var layout = ParquetFooterReader.Read(TestData.UnsupportedParquet("decimal_stats.parquet"));
        var columns = layout.RowGroups[0].Columns.ToDictionary(c => c.Column);

        Assert.Equal(("-999.9", "999.9"), (columns["dec4"].Min, columns["dec4"].Max));
        Assert.Equal(("-999999.999", "999999.999"), (columns["dec9"].Min, columns["dec9"].Max));
        Assert.Equal(("-9999999999999.99999", "9999999999999.99999"), (columns["dec18"].Min, columns["dec18"].Max));
    }

    [Fact]
    public void Read_DictionaryPageOffsetZero_RangeStartsAtDataPage()
    {
        var layout = ParquetFooterReader.Read(TestData.UnsupportedParquet("dict-page-offset-zero.parquet"));

        Assert.True(layout.RowGroups[0].Offset >= 4);
    }

    [Fact]
    public void Read_TooSmall_ThrowsInvalid()
    {
        using var stream = new MemoryStream([0xff, 0xff, 0xff, 0xff, (byte)'P', (byte)'A', (byte)'R', (byte)'1']);

        var error = Assert.Throws<InvalidParquetException>(() => ParquetFooterReader.Read(stream));

        Assert.StartsWith("invalid Parquet file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FooterLengthBeyondFile_ThrowsInvalid()
    {
        var bytes = File.ReadAllBytes(TestData.Parquet("sort_columns.parquet"));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), bytes.Length);
        using var stream = new MemoryStream(bytes);

        var error = Assert.Throws<InvalidParquetException>(() => ParquetFooterReader.Read(stream));

        Assert.Contains("footer length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FooterCutShort_ThrowsInvalid()
    {
        // Same bytes, but the footer length claims 10 fewer metadata bytes: the Thrift decoder runs out.
        var bytes = File.ReadAllBytes(TestData.Parquet("sort_columns.parquet"));
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        var cut = bytes[..(bytes.Length - 8 - length)].Concat(bytes[(bytes.Length - 8 - length + 10)..]).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(cut.AsSpan(cut.Length - 8), length - 10);
        using var stream = new MemoryStream(cut);

        Assert.Throws<InvalidParquetException>(() => ParquetFooterReader.Read(stream));
    }

    [Theory]
    [InlineData("PAR1", "PAR1", true)]
    [InlineData("PAR1", "PARE", false)]
    [InlineData("PARE", "PARE", false)]
    [InlineData("    ", "PAR1", false)]
    public void LooksLikeParquet_NeedsPar1AtBothEnds(string head, string tail, bool expected)
    {
        Assert.Equal(expected, ParquetFooterReader.LooksLikeParquet(
            System.Text.Encoding.ASCII.GetBytes(head), System.Text.Encoding.ASCII.GetBytes(tail)));
    }

    [Fact]
    public void LooksLikeParquet_Stream_KeepsPosition()
    {
        using var stream = File.OpenRead(TestData.Parquet("sort_columns.parquet"));
        stream.Position = 7;

        Assert.True(ParquetFooterReader.LooksLikeParquet(stream));
        Assert.Equal(7, stream.Position);
    }

    [Fact]
    public void Thrift_FieldsAndValues_RoundTrip()
    {
        // struct { 1: i32 = -3, 2: bool = true, 4: binary "ab", 20: i64 = 300 } then stop.
        byte[] bytes = [0x15, 0x05, 0x11, 0x28, 0x02, (byte)'a', (byte)'b', 0x06, 0x28, 0xD8, 0x04, 0x00];
        var reader = new ThriftCompactReader(bytes);

        reader.BeginStruct();
        Assert.True(reader.TryReadField(out var f1));
        Assert.Equal(new ThriftField(1, ThriftType.I32), f1);
        Assert.Equal(-3, reader.ReadI32());
        Assert.True(reader.TryReadField(out var f2));
        Assert.Equal(new ThriftField(2, ThriftType.Bool), f2);
        Assert.True(reader.ReadBool());
        Assert.True(reader.TryReadField(out var f4));
        Assert.Equal(new ThriftField(4, ThriftType.Binary), f4);
        Assert.Equal("ab", reader.ReadString());
        Assert.True(reader.TryReadField(out var f20));
        Assert.Equal(new ThriftField(20, ThriftType.I64), f20);
        Assert.Equal(300, reader.ReadI64());
        Assert.False(reader.TryReadField(out _));
        reader.EndStruct();
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Thrift_ListLongerThanInput_Throws()
    {
        // A list header claiming 1,000,000 i32 elements, followed by two bytes.
        byte[] bytes = [0xF5, 0xC0, 0x84, 0x3D, 0x00, 0x00];
        var reader = new ThriftCompactReader(bytes);

        Assert.Throws<InvalidParquetException>(() => reader.ReadListHeader());
    }

    [Fact]
    public void Thrift_OverlongVarint_Throws()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        var reader = new ThriftCompactReader(bytes);

        Assert.Throws<InvalidParquetException>(() => reader.ReadI32());
    }

    [Fact]
    public void Thrift_NestingBeyondLimit_Throws()
    {
        // Field 1 of type struct, nested 100 times: the skip must stop at the depth limit, not overflow the stack.
        var bytes = Enumerable.Repeat((byte)0x1C, 100).Concat(Enumerable.Repeat((byte)0x00, 101)).ToArray();
        var reader = new ThriftCompactReader(bytes);

        Assert.Throws<InvalidParquetException>(() => reader.SkipStruct());
    }

    [Fact]
    public void Thrift_TruncatedInput_Throws()
    {
        byte[] bytes = [0x18, 0x05, (byte)'a'];
        var reader = new ThriftCompactReader(bytes);

        Assert.Throws<InvalidParquetException>(() => reader.SkipStruct());
    }
}
