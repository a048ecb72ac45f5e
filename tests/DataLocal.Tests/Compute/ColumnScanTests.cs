using System.Globalization;
using DataLocal.Common.Query;

namespace DataLocal.Tests.Compute;

/// <summary>The scanner places values by definition levels: counts and sums match the independent ground truth.</summary>
public sealed class ColumnScanTests
{
    public static TheoryData<string, string, string> GroundTruth()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in TestData.Tsv("parquet/ground-truth-extra.tsv").Where(r => r[1] != "-"))
        {
            data.Add(row[0], row[1], row[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GroundTruth))]
    public async Task Execute_GroundTruthColumn_NonNullCountMinMaxAndSumMatch(string file, string type, string nonNull)
    {
        var truth = TestData.Tsv("parquet/ground-truth.tsv").Single(r => r[0] == file);
        var extra = TestData.Tsv("parquet/ground-truth-extra.tsv").Single(r => r[0] == file);
        var column = truth[3];
        foreach (var size in EngineHarness.BlockSizes)
        {
            var result = await EngineHarness.RunAsync(
                $"SELECT count(*), count(\"{column}\"), min(\"{column}\"), max(\"{column}\"), sum(\"{column}\") FROM /data/x",
                TestData.Parquet(file), size);
            var row = Assert.Single(result.Rows);
            Assert.Equal(long.Parse(truth[1], CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(long.Parse(nonNull, CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(double.Parse(extra[3], CultureInfo.InvariantCulture), SqlValues.ToDouble(row[2]!), 9);
            Assert.Equal(double.Parse(extra[4], CultureInfo.InvariantCulture), SqlValues.ToDouble(row[3]!), 9);
            var expectedSum = double.Parse(truth[4], CultureInfo.InvariantCulture);
            Assert.Equal(expectedSum, SqlValues.ToDouble(row[4]!), type == "DOUBLE" ? 6 : 0);
        }
    }

    [Fact]
    public async Task Execute_UserdataSalary_Has68Nulls()
    {
        var result = await EngineHarness.RunAsync(
            "SELECT count(*) FROM /d/userdata1 WHERE salary IS NULL", TestData.Parquet("userdata1.parquet"), EngineHarness.WholeFile);
        Assert.Equal("68", result.ToText());
    }

    [Fact]
    public async Task Execute_NullableStrings_PlacedByDefinitionLevels()
    {
        // 3 of 100 first names are NULL; a reader that ignored definition levels would shift every value after the first null.
        var path = TestData.Parquet("delta_encoding_optional_column.parquet");
        var nulls = await EngineHarness.RunAsync(
            "SELECT count(*) - count(c_first_name), count(c_birth_year) FROM /d/x", path, EngineHarness.WholeFile);
        Assert.Equal("3,97", nulls.ToText());
        var rows = await EngineHarness.RunAsync(
            "SELECT c_customer_sk, c_first_name, c_birth_year FROM /d/x WHERE c_first_name IS NULL OR c_birth_year IS NULL ORDER BY c_customer_sk",
            path, EngineHarness.WholeFile);
        Assert.All(rows.Rows, r => Assert.True(r[1] is null || r[2] is null));
        var engine = await EngineHarness.RunAsync("SELECT c_first_name FROM /d/x", path, EngineHarness.WholeFile);
        Assert.Equal(await ReadStringsWithParquetNetAsync(path, "c_first_name"), engine.Rows.Select(r => (string?)r[0]));
    }

    // Parquet.Net's own nullable-string read: an independent path to the same values, in file order.
    private static async Task<string?[]> ReadStringsWithParquetNetAsync(string path, string column)
    {
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(path);
        using var rowGroup = reader.OpenRowGroupReader(0);
        var field = reader.Schema.GetDataFields().Single(f => f.Name == column);
        var values = new string?[rowGroup.RowCount];
        await rowGroup.ReadAsync(field, values.AsMemory(), null);
        return values;
    }

    [Fact]
    public async Task Execute_SelectStar_ExpandsAllColumns()
    {
        var result = await EngineHarness.RunAsync(
            "SELECT * FROM /d/sort_columns ORDER BY b LIMIT 2", TestData.Parquet("sort_columns.parquet"), 1024);
        Assert.Equal(["a", "b"], result.Columns);
        Assert.Equal(2, result.Rows.Count);
    }

    [Fact]
    public async Task Execute_DecimalAndUnsignedColumns_StayExact()
    {
        var dec = await EngineHarness.RunAsync(
            "SELECT sum(value), min(value), max(value) FROM /d/x WHERE value >= 1.5", TestData.Parquet("fixed_length_decimal.parquet"), EngineHarness.WholeFile);
        Assert.Equal("299,2,24", dec.ToText());
        var unsigned = await EngineHarness.RunAsync(
            "SELECT sum(long_col) FROM /d/x", TestData.Parquet("concatenated_gzip_members.parquet"), EngineHarness.WholeFile);
        Assert.Equal("131841", unsigned.ToText());
    }

    [Fact]
    public async Task Execute_TimestampAndDateComparisons_Work()
    {
        var path = TestData.Parquet("alltypes_tiny_pages.parquet");
        var result = await EngineHarness.RunAsync(
            "SELECT count(*) FROM /d/x WHERE timestamp_col >= '2009-02-01' AND timestamp_col < DATE '2009-03-01'", path, EngineHarness.WholeFile);
        var byMonth = await EngineHarness.RunAsync(
            "SELECT count(*) FROM /d/x WHERE year = 2009 AND month = 2", path, EngineHarness.WholeFile);
        Assert.Equal(byMonth.ToText(), result.ToText());
    }

    [Fact]
    public async Task Execute_StructField_ByDottedName()
    {
        var result = await EngineHarness.RunAsync(
            "SELECT count(*), count(nested_nulls.int) FROM /d/x", TestData.Parquet("data_page=1_BROTLI.parquet"), EngineHarness.WholeFile);
        Assert.StartsWith("30,", result.ToText(), StringComparison.Ordinal);
    }
}
