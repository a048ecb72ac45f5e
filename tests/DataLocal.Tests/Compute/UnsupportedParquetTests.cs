using System.Diagnostics;
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
    public async Task Execute_UnsupportedFile_ThrowsUnsupportedParquet(string file)
    {
        var path = TestData.UnsupportedParquet(file);
        var bytes = await File.ReadAllBytesAsync(path);
        var plan = QueryPlan.Parse("SELECT * FROM /d/x");
        var watch = Stopwatch.StartNew();

        // The whole file as one block: footer from the file's tail (the length word says how long it is).
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8) + 8;
        var footer = footerLength > 8 && footerLength <= bytes.Length ? bytes[^footerLength..] : bytes[^8..];
        var input = BlockInput.FromBytes(bytes, 0, bytes.Length, footer, 0, 1);
        var error = await Assert.ThrowsAsync<UnsupportedParquetException>(
            () => BlockQueryExecutor.ExecuteAsync(plan, input, CancellationToken.None));

        Assert.StartsWith("unsupported Parquet feature: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
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
