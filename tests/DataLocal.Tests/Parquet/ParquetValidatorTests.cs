using System.Diagnostics;
using System.Globalization;
using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;

namespace DataLocal.Tests.Parquet;

public sealed class ParquetValidatorTests
{
    // "Within a few seconds" for a rejection, generous enough for a loaded CI machine.
    private static readonly TimeSpan RejectionDeadline = TimeSpan.FromSeconds(5);

    public static TheoryData<string> ValidFiles() =>
        new(TestData.Tsv("parquet/ground-truth.tsv").Select(row => row[0]));

    public static TheoryData<string> UnsupportedFiles() =>
        new(TestData.Tsv("unsupported-parquet/expected.tsv").Select(row => row[0]));

    public static TheoryData<string> BadFiles() =>
        new(TestData.Tsv("bad-parquet/expected.tsv").Where(row => !IsLenient(row)).Select(row => row[0]));

    public static TheoryData<string> LenientBadFiles() =>
        new(TestData.Tsv("bad-parquet/expected.tsv").Where(IsLenient).Select(row => row[0]));

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public async Task Inspect_ValidCorpusFile_AcceptedAsSupportedParquet(string file)
    {
        var expected = TestData.Tsv("parquet/ground-truth.tsv").Single(row => row[0] == file);

        var inspection = await new ParquetValidator().InspectAsync(TestData.Parquet(file), CancellationToken.None);

        Assert.True(inspection.IsParquet);
        Assert.Null(inspection.UnsupportedFeature);
        Assert.Equal(long.Parse(expected[1], CultureInfo.InvariantCulture), inspection.Layout!.RowCount);
        Assert.Equal(int.Parse(expected[2], CultureInfo.InvariantCulture), inspection.Layout.RowGroups.Count);
    }

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public async Task Inspect_UnsupportedCorpusFile_StoredWithReason(string file)
    {
        var expected = TestData.Tsv("unsupported-parquet/expected.tsv").Single(row => row[0] == file);

        var inspection = await new ParquetValidator().InspectAsync(TestData.UnsupportedParquet(file), CancellationToken.None);

        Assert.False(string.IsNullOrWhiteSpace(inspection.UnsupportedFeature));
        Assert.DoesNotContain('\n', inspection.UnsupportedFeature);
        if (inspection.Layout is { } layout)
        {
            Assert.Equal(long.Parse(expected[2], CultureInfo.InvariantCulture), layout.RowCount);
            Assert.Equal(int.Parse(expected[3], CultureInfo.InvariantCulture), layout.RowGroups.Count);
        }
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Inspect_BadCorpusFile_RejectedWithOneLine(string file)
    {
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidParquetException>(
            () => new ParquetValidator().InspectAsync(TestData.BadParquet(file), CancellationToken.None).WaitAsync(RejectionDeadline));

        Assert.StartsWith("invalid Parquet file: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(watch.Elapsed < RejectionDeadline, $"took {watch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(LenientBadFiles))]
    public async Task Inspect_LenientBadFile_RejectedCleanlyOrAccepted(string file)
    {
        // The Parquet.Net column reads "NO ERROR: reads N rows": when accepted, the row count must agree.
        var parquetNet = TestData.Tsv("bad-parquet/expected.tsv").Single(row => row[0] == file)[3];
        var expectedRows = long.Parse(parquetNet.Split("reads ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        try
        {
            var inspection = await new ParquetValidator().InspectAsync(TestData.BadParquet(file), CancellationToken.None);
            Assert.Equal(expectedRows, inspection.Layout?.RowCount);
        }
        catch (InvalidParquetException e)
        {
            Assert.StartsWith("invalid Parquet file: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Inspect_FileThatHangsParquetNet_RejectedByOurFooterReader()
    {
        // Were Parquet.Net ever handed this file it would spin for the whole (long) time limit.
        var validator = new ParquetValidator(new ParquetValidatorOptions { DecodeTimeLimit = TimeSpan.FromMinutes(10) });
        var path = TestData.BadParquet("extra/clusterfuzz-testcase-dictbitwidth-4680774947569664");

        var error = await Assert.ThrowsAsync<InvalidParquetException>(
            () => validator.InspectAsync(path, CancellationToken.None).WaitAsync(RejectionDeadline));

        Assert.StartsWith("invalid Parquet file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_DecompressionBomb_ReportedWithoutInflating()
    {
        var watch = Stopwatch.StartNew();

        var inspection = await new ParquetValidator().InspectAsync(
            TestData.UnsupportedParquet("large_string_map.brotli.parquet"), CancellationToken.None);

        Assert.True(inspection.IsParquet);
        Assert.Contains("decompression bomb", inspection.UnsupportedFeature, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Inspect_EncryptedFooter_StoredAsPlainFile()
    {
        var inspection = await new ParquetValidator().InspectAsync(
            TestData.UnsupportedParquet("encrypt_columns_and_footer.parquet.encrypted"), CancellationToken.None);

        Assert.False(inspection.IsParquet);
        Assert.Contains("encrypted", inspection.UnsupportedFeature, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ZeroDecodeTimeLimit_ReportsUnsupportedNotInvalid()
    {
        // The time limit is hard: when it passes, the file is valid (stage 1 passed) but unverified.
        var validator = new ParquetValidator(new ParquetValidatorOptions { DecodeTimeLimit = TimeSpan.Zero });

        var inspection = await validator.InspectAsync(TestData.Parquet("alltypes_tiny_pages.parquet"), CancellationToken.None);

        Assert.True(inspection.IsParquet);
        Assert.Contains("did not finish", inspection.UnsupportedFeature, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extra/clusterfuzz-testcase-dictbitwidth-4680774947569664")]
    [InlineData("extra/clusterfuzz-testcase-minimized-parquet-arrow-fuzz-5662105355419648")]
    [InlineData("extra/clusterfuzz-testcase-minimized-parquet-arrow-fuzz-5004902418481152")]
    [InlineData("PARQUET-1481.parquet")]
    public void LooksLikeParquet_ExtensionOrMagicAtEitherEnd(string file)
    {
        Assert.True(ParquetValidator.LooksLikeParquet(TestData.BadParquet(file)));
    }

    [Fact]
    public void LooksLikeParquet_EmptyFileWithoutExtension_IsPlain()
    {
        // Zero bytes carry no claim to be Parquet; without a .parquet name it is stored as an empty plain file.
        Assert.False(ParquetValidator.LooksLikeParquet(
            TestData.BadParquet("extra/clusterfuzz-testcase-parquet-arrow-fuzz-6268365762199552")));
    }

    [Fact]
    public void LooksLikeParquet_EncryptedFile_IsPlain()
    {
        Assert.False(ParquetValidator.LooksLikeParquet(
            TestData.UnsupportedParquet("encrypt_columns_and_footer.parquet.encrypted")));
    }

    private static bool IsLenient(string[] row) =>
        row[5].StartsWith("lenient", StringComparison.Ordinal);
}
