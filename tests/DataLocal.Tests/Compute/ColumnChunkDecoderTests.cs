using System.Globalization;
using DataLocal.Common.Parquet;
using DataLocal.DataNode.Compute;
using DataLocal.DataNode.Compute.Decoding;
using DataLocal.Tests.Reference;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataLocal.Tests.Compute;

/// <summary>
/// The datanode's own column decoder against Parquet.Net, value for value, on every column chunk it takes:
/// real files written by other tools, and DuckDB-written files covering every codec, V1 and V2 pages, PLAIN
/// and dictionary pages, nulls, and each integer width.
/// </summary>
public sealed class ColumnChunkDecoderTests
{
    private static readonly ParquetOptions ReaderOptions = new() { UseDateOnlyTypeForDates = true };

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestData.Root, "parquet"), "*.parquet").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Decode_CorpusFile_EveryChunkItTakesEqualsParquetNet(string name)
    {
        await AssertSameAsParquetNetAsync(TestData.Parquet(name));
    }

    // DuckDB's V2 pages encode integers DELTA_BINARY_PACKED, free text DELTA_LENGTH_BYTE_ARRAY and doubles
    // BYTE_STREAM_SPLIT; those columns are left to Parquet.Net, and everything else must be taken.
    private const string V2Declined = "comment,half_null,id,int32,maybe_double,shipped,uint32";

    [Theory]
    [InlineData("UNCOMPRESSED", "V1", "")]
    [InlineData("SNAPPY", "V1", "")]
    [InlineData("GZIP", "V1", "")]
    [InlineData("ZSTD", "V1", "")]
    [InlineData("BROTLI", "V1", "")]
    [InlineData("LZ4_RAW", "V1", "")]
    [InlineData("SNAPPY", "V2", V2Declined)]
    [InlineData("ZSTD", "V2", V2Declined)]
    [InlineData("UNCOMPRESSED", "V2", V2Declined)]
    public async Task Decode_DuckDbFile_EveryCodecAndPageVersion_EqualsParquetNetAndTakesEveryPlainOrDictionaryColumn(
        string codec, string version, string expectedDeclined)
    {
        var path = Path.Combine(Path.GetTempPath(), $"datalocal-decoder-{Environment.ProcessId}-{codec}-{version}.parquet");
        try
        {
            DuckDb.Query(string.Create(CultureInfo.InvariantCulture, $"""
                COPY (SELECT i::BIGINT AS id,
                             (i % 7)::TINYINT AS tiny, (i % 300)::SMALLINT AS small, (i * 7919)::INTEGER AS int32,
                             (i % 200)::UTINYINT AS utiny, (i * 65599 % 4000000000)::UINTEGER AS uint32,
                             CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1.5 END::DOUBLE AS maybe_double,
                             (i % 10 / 4.0)::FLOAT AS ratio,
                             DATE '1992-01-01' + (i % 2500)::INTEGER AS shipped,
                             i % 3 = 0 AS flag,
                             CASE WHEN i % 11 = 0 THEN NULL ELSE ['AIR', 'MAIL', 'SHIP', 'RAIL', 'ünïcödé 🚚'][i % 5 + 1] END AS mode,
                             'comment ' || (i * 31 % 100003)::VARCHAR AS comment,
                             CASE WHEN i % 2 = 0 THEN NULL ELSE i END AS half_null
                      FROM range(30000) t(i))
                TO '{path}' (FORMAT PARQUET, COMPRESSION {codec}, ROW_GROUP_SIZE 10000, PARQUET_VERSION {version})
                """));
            var declined = await AssertSameAsParquetNetAsync(path);
            Assert.Equal(expectedDeclined, string.Join(",", declined));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Decode_ParquetNetFile_LikeTheLocalityBenchmarksTable_TakesEveryColumn()
    {
        var schema = new global::Parquet.Schema.ParquetSchema(
            new DataField<long>("k", false), new DataField<int>("n", false), new DataField<double>("price", false),
            new DataField<string>("flag", false), new DataField<DateOnly>("shipped", false), new DataField<string>("comment", false),
            new DataField<long?>("maybe"), new DataField<string>("maybe_text"), new DataField<bool>("b", false));
        var records = Enumerable.Range(0, 20000).Select(i => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["k"] = (long)i * 7, ["n"] = i % 7, ["price"] = i * 0.25, ["flag"] = i % 3 == 0 ? "A" : "N",
            ["shipped"] = new DateOnly(1992, 1, 1).AddDays(i % 2500), ["comment"] = $"comment {i * 31 % 10007}",
            ["maybe"] = i % 4 == 0 ? null : (long?)i, ["maybe_text"] = i % 5 == 0 ? null : $"t{i % 9}", ["b"] = i % 2 == 0,
        }).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"datalocal-decoder-{Environment.ProcessId}-parquetnet.parquet");
        try
        {
            await using (var output = File.Create(path))
            {
                await ParquetSerializer.SerializeUntypedAsync(
                    records, schema, output, new ParquetOptions { RowGroupSize = 6000, CompressionMethod = CompressionMethod.Snappy });
            }
            var declined = await AssertSameAsParquetNetAsync(path);
            Assert.Equal("", string.Join(",", declined));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Decode_NonNullRowsSelected_PlainTextOnlyAtThoseRows()
    {
        var path = Path.Combine(Path.GetTempPath(), $"datalocal-decoder-{Environment.ProcessId}-plain-text.parquet");
        try
        {
            // Free text defeats DuckDB's dictionary, so the column is PLAIN.
            DuckDb.Query($"COPY (SELECT md5(i::VARCHAR) AS t FROM range(5000) r(i)) TO '{path}' (FORMAT PARQUET)");
            await using var file = File.OpenRead(path);
            var footer = ParquetFooterReader.ReadFooter(file);
            var vector = ColumnChunkDecoder.Decode(file, footer.Leaves[0], footer.Metadata.RowGroups[0].Columns[0], 5000, [3, 4999]);
            Assert.NotNull(vector);
            var expected = DuckDb.Query($"SELECT t FROM {DuckDb.File(path)}").Select(r => r[0]).ToArray();
            Assert.Equal(expected[3], vector.Strings![3]);
            Assert.Equal(expected[4999], vector.Strings[4999]);
            Assert.Equal(string.Empty, vector.Strings[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Compares every chunk the decoder takes; returns the columns it declined somewhere.</summary>
    private static async Task<IReadOnlyCollection<string>> AssertSameAsParquetNetAsync(string path)
    {
        await using var file = File.OpenRead(path);
        var footer = ParquetFooterReader.ReadFooter(file);
        await using var reader = await ParquetReader.CreateAsync(file, ReaderOptions, leaveStreamOpen: true);
        var fields = reader.Schema.GetDataFields();
        var declined = new SortedSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            var rows = (int)rowGroup.RowCount;
            for (var c = 0; c < footer.Leaves.Count; c++)
            {
                var leaf = footer.Leaves[c];
                var field = fields.Single(f => ParquetColumnScanner.ColumnName(f) == leaf.Path);
                if (ParquetColumnScanner.KindOf(field) is null)
                {
                    continue;
                }
                var chunk = footer.Metadata.RowGroups[g].Columns[c];
                if (!ColumnChunkDecoder.CanDecode(leaf, chunk) || ColumnChunkDecoder.Decode(file, leaf, chunk, rows, null) is not { } ours)
                {
                    declined.Add(leaf.Path);
                    continue;
                }
                var theirs = await ParquetColumnScanner.ReadAsync(rowGroup, field, rows, CancellationToken.None);
                Assert.Equal(theirs.Kind, ours.Kind);
                for (var row = 0; row < rows; row++)
                {
                    var expected = theirs.GetValue(row);
                    var actual = ours.GetValue(row);
                    if (!Equals(expected, actual))
                    {
                        Assert.Fail($"{Path.GetFileName(path)} row group {g} column '{leaf.Path}' row {row}: Parquet.Net {expected ?? "NULL"}, ours {actual ?? "NULL"}");
                    }
                }
            }
        }
        return declined;
    }
}
