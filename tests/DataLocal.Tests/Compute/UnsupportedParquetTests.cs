using System.Diagnostics;
using System.Globalization;
using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;
using DataLocal.Common.Query;
using DataLocal.DataNode.Compute;

namespace DataLocal.Tests.Compute;

/// <summary>Files Parquet.Net cannot decode fail with one clear line, never a crash, a hang or gigabytes of memory.</summary>
public sealed class UnsupportedParquetTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var row in TestData.Tsv("unsupported-parquet/expected.tsv"))
        {
            data.Add(row[0]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Execute_FileParquetNetCannotRead_AnswersAsDuckDbOrRefusesWithOneLine(string file)
    {
        var path = TestData.UnsupportedParquet(file);
        var bytes = await File.ReadAllBytesAsync(path);
        var plan = QueryPlan.Parse("SELECT * FROM /d/x");
        var watch = Stopwatch.StartNew();

        // The whole file as one block: footer from the file's tail (the length word says how long it is).
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8) + 8;
        var footer = footerLength > 8 && footerLength <= bytes.Length ? bytes[^footerLength..] : bytes[^8..];
        var input = BlockInput.FromBytes(bytes, 0, bytes.Length, footer, 0, 1);
        try
        {
            // Where the datanode's own decoder takes every column, the file is read although Parquet.Net cannot:
            // then every row DuckDB reads must be there.
            var output = await BlockQueryExecutor.ExecuteAsync(plan, input, CancellationToken.None);
            var expectedRows = TestData.Tsv("unsupported-parquet/expected.tsv").Single(r => r[0] == file)[2];
            Assert.Equal(expectedRows, ResultMerger.Merge(plan, [output.Result]).Rows.Count.ToString(CultureInfo.InvariantCulture));
        }
        catch (UnsupportedParquetException error)
        {
            Assert.StartsWith("unsupported Parquet feature: ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Execute_DictionaryPageOffsetZero_OwnDecoderAnswersAsDuckDb()
    {
        // Parquet.Net cannot open this file (its footer says dictionary_page_offset = 0); the datanode's own
        // decoder follows the pages from the data page offset, and tasks no longer open Parquet.Net when it
        // decodes every referenced column.
        var row = TestData.Tsv("unsupported-parquet/expected.tsv").Single(r => r[0] == "dict-page-offset-zero.parquet");

        var result = await EngineHarness.RunAsync(
            $"SELECT count(*), sum({row[5]}) FROM /d/x", TestData.UnsupportedParquet(row[0]), EngineHarness.WholeFile);

        Assert.Equal($"{row[2]},{row[6]}", result.ToText());
    }

    [Fact]
    public async Task Execute_DecompressionBomb_RefusedFromFooterSizes()
    {
        var path = TestData.UnsupportedParquet("large_string_map.brotli.parquet");
        var layout = ParquetFooterReader.Read(path);
        var bytes = await File.ReadAllBytesAsync(path);
        var input = BlockInput.FromBytes(bytes, 0, layout.FileLength, layout.Footer, 0, 1);
        var before = GC.GetTotalAllocatedBytes();

        var error = await Assert.ThrowsAsync<UnsupportedParquetException>(() => BlockQueryExecutor.ExecuteAsync(
            QueryPlan.Parse("SELECT count(arr.key_value.key) FROM /d/x"), input, CancellationToken.None));

        Assert.Contains("inflates to", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 64L * 1024 * 1024);
    }

    [Fact]
    public async Task Execute_DecompressionBombCountStar_AnsweredFromMetadata()
    {
        var (partials, _) = await EngineHarness.RunTasksAsync(
            QueryPlan.Parse("SELECT count(*) FROM /d/x"), TestData.UnsupportedParquet("large_string_map.brotli.parquet"), EngineHarness.WholeFile);
        Assert.Equal("2", ResultMerger.Merge(QueryPlan.Parse("SELECT count(*) FROM /d/x"), partials).ToText());
    }

    [Fact]
    public async Task Execute_RepeatedColumn_Unsupported()
    {
        var error = await Assert.ThrowsAsync<UnsupportedParquetException>(() => EngineHarness.RunAsync(
            "SELECT count(a.list.element.list.element.list.element) FROM /d/x", TestData.Parquet("nested_lists.snappy.parquet"), EngineHarness.WholeFile));
        Assert.Contains("repeated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownColumn_QueryExceptionListsColumns()
    {
        var error = await Assert.ThrowsAsync<QueryException>(() => EngineHarness.RunAsync(
            "SELECT sum(nope) FROM /d/x", TestData.Parquet("sort_columns.parquet"), EngineHarness.WholeFile));
        Assert.Contains("'nope' does not exist (columns: a, b)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_TypeError_QueryException()
    {
        await Assert.ThrowsAsync<QueryException>(() => EngineHarness.RunAsync(
            "SELECT sum(b) FROM /d/x", TestData.Parquet("sort_columns.parquet"), EngineHarness.WholeFile));
        await Assert.ThrowsAsync<QueryException>(() => EngineHarness.RunAsync(
            "SELECT count(*) FROM /d/x WHERE b > 1", TestData.Parquet("sort_columns.parquet"), EngineHarness.WholeFile));
    }
}
