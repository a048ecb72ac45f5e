using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataLocal.Tests.Reference;

/// <summary>Small Parquet files written by Parquet.Net for tests that need particular values.</summary>
internal static class SmallParquet
{
    /// <summary>
    /// Rows with a string <c>s</c> (characters either side of the UTF-16/UTF-8 order difference), a FLOAT
    /// <c>f</c>, a DOUBLE <c>d</c> and a BIGINT <c>id</c>, two rows per row group so that statistics prune.
    /// </summary>
    public static async Task<string> MixedAsync()
    {
        var rows = new (long Id, string? S, float? F, double? D)[]
        {
            (1, "\uE000", 1.1f, 90.89999999999999),
            (2, "\uE000b", 2.5f, 0.1),
            (3, "\U0001F600", 0.1f, 1.5),
            (4, "\U0001F600a", 3.3f, -2.0),
            (5, "a", null, 0.0),
            (6, null, 1.1f, null),
            (7, "\uFFFD", 16777216f, 90.899999999999991),
            (8, "z", -0.5f, 1e300),
        };
        var schema = new ParquetSchema(
            new DataField<long>("id"), new DataField<string>("s"), new DataField<float?>("f"), new DataField<double?>("d"));
        var records = rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["id"] = r.Id, ["s"] = r.S, ["f"] = r.F, ["d"] = r.D,
        }).ToList();
        var path = Path.Combine(Path.GetTempPath(), "datalocal-tests", "mixed-" + Guid.NewGuid().ToString("N") + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var output = File.Create(path);
        await ParquetSerializer.SerializeUntypedAsync(records, schema, output, new ParquetOptions { RowGroupSize = 2 });
        return path;
    }

    /// <summary>
    /// <paramref name="rows"/> rows of BIGINT <c>id</c> (0, 1, …) and BIGINT <c>v</c> = <paramref name="value"/>(id),
    /// in row groups of <paramref name="rowGroupSize"/>, so that small blocks make many tasks.
    /// </summary>
    public static async Task<string> NumbersAsync(int rows, int rowGroupSize, Func<long, long> value)
    {
        var schema = new ParquetSchema(new DataField<long>("id"), new DataField<long>("v"));
        var records = Enumerable.Range(0, rows).Select(i => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["id"] = (long)i, ["v"] = value(i),
        }).ToList();
        var path = Path.Combine(Path.GetTempPath(), "datalocal-tests", "numbers-" + Guid.NewGuid().ToString("N") + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var output = File.Create(path);
        await ParquetSerializer.SerializeUntypedAsync(records, schema, output, new ParquetOptions { RowGroupSize = rowGroupSize });
        return path;
    }
}
