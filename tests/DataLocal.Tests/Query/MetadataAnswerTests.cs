using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Compute;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Query;

/// <summary>
/// count(*), count(col), min and max of integer and DATE columns answered from the blocks' row counts and
/// statistics alone, as the namenode keeps them, equal DuckDB's answers over the same file, however the file
/// is cut into blocks; what the statistics cannot answer exactly gets no answer (its tasks run).
/// </summary>
public sealed class MetadataAnswerTests
{
    public static TheoryData<string, string> Answerable() => new()
    {
        { "lineitem-top10000.gzip.parquet", "SELECT count(*) FROM {f}" },
        { "lineitem-top10000.gzip.parquet", "SELECT min(l_orderkey), max(l_orderkey) FROM {f}" },
        { Generated, "SELECT min(day), max(day), min(nday), max(nday), count(nday), count(*) FROM {f}" },
        { Generated, "SELECT min(nint), max(nint), count(nint), min(late), max(late), count(late), min(nothing), max(nothing), count(nothing) FROM {f}" },
        { "lineitem-top10000.gzip.parquet", "SELECT count(l_comment) FROM {f}" },
        { "lineitem-top10000.gzip.parquet", "SELECT max(l_orderkey) - min(l_orderkey) AS span, count(*) AS n FROM {f} ORDER BY n LIMIT 1" },
        { "userdata1.parquet", "SELECT count(*), count(salary), count(birthdate), min(id), max(id) FROM {f}" },
        { "alltypes_tiny_pages.parquet", "SELECT count(*), min(int_col), max(bigint_col), min(tinyint_col), max(smallint_col) FROM {f}" },
        { "sort_columns.parquet", "SELECT count(*), count(a), count(b), min(a), max(a) FROM {f}" },
        { "file_row_number.parquet", "SELECT min(seq), max(seq), count(*) FROM {f}" },
    };

    /// <summary>A file DuckDB writes: DATE and integer columns with nulls in some row groups, row groups of nulls only, and a column of nulls only.</summary>
    private const string Generated = "generated";

    private static readonly Lazy<string> GeneratedFile = new(() =>
    {
        var path = Path.Combine(Files.TempDirectory(), "metadata-answer.parquet");
        DuckDb.Query($"""
            COPY (SELECT i AS id,
                         DATE '1994-01-01' + (i % 400)::INTEGER AS day,
                         CASE WHEN i % 5 = 0 THEN NULL ELSE DATE '1970-01-01' - (i % 900)::INTEGER END AS nday,
                         CASE WHEN i % 7 = 0 THEN NULL ELSE i * -3 END AS nint,
                         CASE WHEN i < 3000 THEN NULL ELSE i END AS late,
                         NULL::INTEGER AS nothing
                  FROM range(10000) t(i))
            TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 1000)
            """);
        return path;
    });

    [Theory]
    [MemberData(nameof(Answerable))]
    public void TryAnswer_CountsAndExactBounds_EqualDuckDbAtEveryBlockSize(string file, string sql)
    {
        var path = file == Generated ? GeneratedFile.Value : TestData.Parquet(file);
        var expected = DuckDb.Query(sql.Replace("{f}", DuckDb.File(path), StringComparison.Ordinal));

        foreach (var blockSize in EngineHarness.BlockSizes)
        {
            var plan = QueryPlan.Parse(sql.Replace("{f}", "/d/x", StringComparison.Ordinal));
            var answer = MetadataAnswer.TryAnswer(plan, [Metadata(path, blockSize)]);

            Assert.NotNull(answer);
            Assert.Equal(expected, DuckDb.Rows(ResultMerger.Merge(plan, [PartialResult.FromBytes(answer.ToBytes())])));
        }
    }

    /// <summary>Blocks whose bounds come only from the row groups with values (the others hold nulls only) still prune rightly.</summary>
    [Theory]
    [InlineData("SELECT count(*), min(late) FROM {f} WHERE late < 3500")]
    [InlineData("SELECT count(*) FROM {f} WHERE late IS NULL")]
    [InlineData("SELECT count(*) FROM {f} WHERE late > 9990 OR late IS NULL")]
    public async Task Prune_BlocksWithRowGroupsOfOnlyNulls_SameAnswerAsDuckDb(string sql)
    {
        var expected = DuckDb.Query(sql.Replace("{f}", DuckDb.File(GeneratedFile.Value), StringComparison.Ordinal));

        foreach (var blockSize in EngineHarness.BlockSizes)
        {
            Assert.Equal(expected, DuckDb.Rows(await EngineHarness.RunAsync(sql.Replace("{f}", "/d/x", StringComparison.Ordinal), GeneratedFile.Value, blockSize)));
        }
    }

    [Fact]
    public void TryAnswer_SeveralFiles_CountsAddUpAndBoundsSpanThem()
    {
        var path = TestData.Parquet("file_row_number.parquet");
        const string sql = "SELECT count(*), min(seq), max(seq) FROM {f}";
        var once = DuckDb.Query(sql.Replace("{f}", DuckDb.File(path), StringComparison.Ordinal)).Single();
        var plan = QueryPlan.Parse(sql.Replace("{f}", "/d", StringComparison.Ordinal));

        var answer = MetadataAnswer.TryAnswer(plan, [Metadata(path, 4 * 1024), Metadata(path, EngineHarness.WholeFile)]);

        Assert.NotNull(answer);
        Assert.Equal([(2 * long.Parse(once[0], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture), once[1], once[2]],
            DuckDb.Rows(ResultMerger.Merge(plan, [answer])).Single());
    }

    /// <summary>A WHERE clause, groups, sums, and bounds of floating point, decimal or text columns (rounded, truncated, blind to NaN) need the rows.</summary>
    [Theory]
    [InlineData("lineitem-top10000.gzip.parquet", "SELECT count(*) FROM {f} WHERE l_orderkey > 5")]
    [InlineData("lineitem-top10000.gzip.parquet", "SELECT l_returnflag, count(*) FROM {f} GROUP BY l_returnflag")]
    [InlineData("lineitem-top10000.gzip.parquet", "SELECT count(*), sum(l_orderkey) FROM {f}")]
    [InlineData("lineitem-top10000.gzip.parquet", "SELECT min(l_comment) FROM {f}")]
    [InlineData("lineitem-top10000.gzip.parquet", "SELECT max(l_extendedprice) FROM {f}")]
    [InlineData("lineitem-top10000.gzip.parquet", "SELECT l_orderkey FROM {f} LIMIT 1")]
    [InlineData("userdata1.parquet", "SELECT max(salary) FROM {f}")]
    [InlineData("alltypes_tiny_pages.parquet", "SELECT max(float_col) FROM {f}")]
    [InlineData("alltypes_tiny_pages.parquet", "SELECT max(timestamp_col) FROM {f}")]
    public void TryAnswer_QueryNeedingRows_NoAnswer(string file, string sql)
    {
        var plan = QueryPlan.Parse(sql.Replace("{f}", "/d/x", StringComparison.Ordinal));

        Assert.Null(MetadataAnswer.TryAnswer(plan, [Metadata(TestData.Parquet(file), 16 * 1024)]));
    }

    [Fact]
    public void TryAnswer_BlockWithoutStatistics_NoAnswer()
    {
        var path = TestData.Parquet("file_row_number.parquet");
        var metadata = Metadata(path, 4 * 1024);
        var blocks = metadata.Blocks.ToList();
        blocks[1] = blocks[1] with { Columns = [.. blocks[1].Columns.Select(c => c with { Min = null, Max = null })] };
        var plan = QueryPlan.Parse("SELECT max(seq) FROM /d/x");

        Assert.NotNull(MetadataAnswer.TryAnswer(plan, [metadata]));
        Assert.Null(MetadataAnswer.TryAnswer(plan, [metadata with { Blocks = blocks }]));
    }

    /// <summary>What the namenode keeps of a file stored with <paramref name="blockSize"/>: its footer's schema and each block's rows and statistics.</summary>
    private static StoredFileMetadata Metadata(string path, long blockSize)
    {
        var layout = ParquetFooterReader.Read(path);
        return new StoredFileMetadata(ParquetQuerySchema.FromFooter(layout.Footer),
            [.. ParquetBlockSplitter.Split(layout, blockSize).Select(b => new StoredBlockMetadata(b.RowCount, [.. b.Columns.Select(c => new ColumnStatisticsInfo(c.Column, c.Min, c.Max, c.NullCount))]))]);
    }
}
