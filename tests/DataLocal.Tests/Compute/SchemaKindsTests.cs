using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using DataLocal.DataNode.Compute;
using DataLocal.Tests.Reference;
using Parquet;

namespace DataLocal.Tests.Compute;

/// <summary>
/// The namenode reads column kinds from the footer with its own reader; tasks get them from Parquet.Net. The
/// two must agree wherever the namenode names a kind, or a query could pass submit and fail in its tasks.
/// </summary>
public sealed class SchemaKindsTests
{
    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Path.Combine(TestData.Root, "parquet"), "*.parquet").Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task FooterKinds_AgreeWithTheDecoder(string name)
    {
        await AssertAgree(TestData.Parquet(name));
    }

    [Fact]
    public async Task FooterKinds_FloatDoubleAndText_AgreeWithTheDecoder()
    {
        await AssertAgree(await SmallParquet.MixedAsync());
    }

    private static async Task AssertAgree(string path)
    {
        var fromFooter = ParquetQuerySchema.FromFooter(ParquetFooterReader.Read(path).Footer);
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true });
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(fields.Select(ParquetColumnScanner.ColumnName), fromFooter.Columns.Select(c => c.Name));
        for (var i = 0; i < fields.Length; i++)
        {
            if (fromFooter.Columns[i].Kind is { } kind)
            {
                Assert.Equal((fields[i].Path.ToString(), (ValueKind?)kind), (fields[i].Path.ToString(), ParquetColumnScanner.KindOf(fields[i])));
            }
        }
    }
}
