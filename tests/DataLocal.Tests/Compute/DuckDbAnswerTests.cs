using DataLocal.Common.Query;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Compute;

/// <summary>
/// Answers that once differed from DuckDB's (issue 8, "Right answers first"): each query runs in the engine,
/// over the whole file and one block per row group (so statistics prune), and in DuckDB over the same file,
/// and the values must be the same. <c>{f}</c> stands for the file.
/// </summary>
public sealed class DuckDbAnswerTests
{
    private static readonly Lazy<Task<string>> Mixed = new(SmallParquet.MixedAsync);
    private static readonly Lazy<Task<string>> Numbers = new(() => SmallParquet.NumbersAsync(20_000, 5_000, id => id * 7919 % 97));

    public static TheoryData<string> MixedQueries() => new()
    {
        // Strings order by UTF-8 bytes (code points): U+E000..U+FFFF sort before characters above U+FFFF.
        "SELECT id, s FROM {f} ORDER BY s, id",
        "SELECT s, count(*) FROM {f} GROUP BY s ORDER BY s DESC",
        "SELECT min(s), max(s) FROM {f}",
        "SELECT id FROM {f} WHERE s < '\U0001F600' ORDER BY id",
        "SELECT id FROM {f} WHERE s > '\uFFFD' ORDER BY id",
        "SELECT id FROM {f} WHERE '\U0001F600' > s ORDER BY id",
        "SELECT count(*) FROM {f} WHERE s BETWEEN '\uE000' AND '\U0001F600'",
        "SELECT id, s FROM {f} ORDER BY s DESC LIMIT 3",
        // Literals compared with DOUBLE columns are the nearest double, not a decimal rounded to one.
        "SELECT id FROM {f} WHERE d = 90.89999999999999 ORDER BY id",
        "SELECT id FROM {f} WHERE d = 90.899999999999991 ORDER BY id",
        "SELECT id FROM {f} WHERE d >= 90.899999999999991 ORDER BY id",
        "SELECT id FROM {f} WHERE d < 90.89999999999999 ORDER BY id",
        "SELECT id FROM {f} WHERE d IN (90.89999999999999, 0.1) ORDER BY id",
        "SELECT id FROM {f} WHERE d BETWEEN 0.1 AND 90.89999999999999 ORDER BY id",
        // FLOAT columns compare and compute as FLOAT and print in FLOAT's shortest form.
        "SELECT id, f FROM {f} ORDER BY id",
        "SELECT id FROM {f} WHERE f = 1.1 ORDER BY id",
        "SELECT id FROM {f} WHERE 1.1 = f ORDER BY id",
        "SELECT id FROM {f} WHERE f IN (1.1, 3.3) ORDER BY id",
        "SELECT id FROM {f} WHERE f <= 0.1 ORDER BY id",
        "SELECT id FROM {f} WHERE f BETWEEN 0.1 AND 1.1 ORDER BY id",
        "SELECT id FROM {f} WHERE f = 16777217 ORDER BY id",
        "SELECT id FROM {f} WHERE f = d ORDER BY id",
        "SELECT id, f * 3, f + 1, f - id, -f, abs(f), round(f, 1) FROM {f} ORDER BY id",
        "SELECT id, f / 2, f + d FROM {f} ORDER BY id",
        "SELECT min(f), max(f), round(sum(f), 3), round(avg(f), 3) FROM {f}",
        "SELECT f, count(*) FROM {f} GROUP BY f ORDER BY f",
        "SELECT id, f FROM {f} ORDER BY f DESC, id LIMIT 4",
        // Division by zero: DOUBLE results are IEEE (Infinity, -Infinity, NaN); integer % 0 is NULL.
        "SELECT id, d / 0, id / 0, -id / 0, d % 0, id % 0 FROM {f} ORDER BY id",
        "SELECT id, f / 0 FROM {f} ORDER BY id",
        "SELECT count(*) FROM {f} WHERE d / 0 > 1000000",
        "SELECT id, d / 0 AS q FROM {f} WHERE d / 0 = d / 0 ORDER BY q, id",
        "SELECT id FROM {f} WHERE d / 0 > 1000000 OR d / 0 < 0 ORDER BY id",
        "SELECT max(d / 0), min(d / 0) FROM {f} WHERE d >= 0",
        // TIMESTAMP literals and /* */ comments.
        "SELECT TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP '2024-01-02' FROM {f} LIMIT 1",
        "SELECT count(*) /* a comment */ FROM {f} WHERE /* another\n over lines */ id > 3",
        // Literals with an exponent are DOUBLE, as in DuckDB.
        "SELECT id FROM {f} WHERE d < 1e2 ORDER BY id",
        "SELECT id, d * 1.5E-1, id + 2e+0 FROM {f} WHERE d >= 9.08999e1 ORDER BY id",
        "SELECT id FROM {f} WHERE f < 1E308 AND d > -1e-300 ORDER BY id",
    };

    [Theory]
    [MemberData(nameof(MixedQueries))]
    public async Task Execute_MixedFile_MatchesDuckDb(string sql)
    {
        await AssertMatchesDuckDb(sql, await Mixed.Value);
    }

    public static TheoryData<string> AllTypesQueries() => new()
    {
        "SELECT count(*) FROM {f} WHERE timestamp_col >= TIMESTAMP '2009-03-01 00:00:00'",
        "SELECT count(*) FROM {f} WHERE timestamp_col < TIMESTAMP '2009-01-01 00:03:00.3'",
        "SELECT count(*) FROM {f} WHERE float_col = 1.1",
        "SELECT float_col, count(*) FROM {f} GROUP BY float_col ORDER BY float_col",
        "SELECT id, float_col * 1.5, float_col / 0, double_col / 0 FROM {f} ORDER BY id LIMIT 12",
        "SELECT count(*) FROM {f} WHERE double_col = 90.89999999999999",
        "SELECT count(*) FROM {f} WHERE double_col = 90.9",
        // ORDER BY … LIMIT over thousands of rows with ties on the first key: a task drops rows whose first
        // key is worse than its N-th row's before boxing them; ties must still reach the later keys.
        "SELECT id, double_col FROM {f} ORDER BY double_col DESC, id LIMIT 5",
        "SELECT id, double_col FROM {f} ORDER BY double_col, id DESC LIMIT 5",
        "SELECT id, timestamp_col FROM {f} ORDER BY timestamp_col DESC, id LIMIT 4",
        "SELECT id, tinyint_col FROM {f} ORDER BY tinyint_col DESC, id DESC LIMIT 3",
        "SELECT id, double_col * -1 AS k FROM {f} ORDER BY k DESC NULLS FIRST, id LIMIT 6",
    };

    public static TheoryData<string> NumbersQueries() => new()
    {
        "SELECT id, v FROM {f} ORDER BY v DESC, id LIMIT 5",
        "SELECT id, v FROM {f} ORDER BY v, id DESC LIMIT 7",
        "SELECT v, id FROM {f} WHERE id % 3 = 1 ORDER BY v * 0.5 DESC, id LIMIT 4",
        "SELECT id, v FROM {f} ORDER BY v DESC, id LIMIT 1000",
    };

    public static TheoryData<string> SignedZeroQueries() => new()
    {
        // -0.0 and 0.0 are one group and one value, NaN one group above every number, as in DuckDB.
        "SELECT d, count(*) FROM {f} GROUP BY d ORDER BY d",
        "SELECT k, count(*), min(d), max(d) FROM {f} GROUP BY k ORDER BY k",
        "SELECT count(*) FROM {f} WHERE d = 0",
        "SELECT d FROM {f} ORDER BY d DESC, k LIMIT 3",
    };

    [Theory]
    [MemberData(nameof(SignedZeroQueries))]
    public async Task Execute_SignedZerosAndNaN_MatchDuckDb(string sql)
    {
        await AssertMatchesDuckDb(sql, SignedZeros.Value);
    }

    private static readonly Lazy<string> SignedZeros = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "datalocal-tests", "signed-zeros-" + Guid.NewGuid().ToString("N") + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DuckDb.Query($"""
            COPY (SELECT * FROM (VALUES (1, -0.0::DOUBLE), (2, 0.0::DOUBLE), (3, 'nan'::DOUBLE), (4, -0.0::DOUBLE), (5, 1.5::DOUBLE), (6, 'nan'::DOUBLE), (7, NULL))
                  t(k, d)) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)
            """);
        return path;
    });

    [Theory]
    [MemberData(nameof(NumbersQueries))]
    public async Task Execute_TopNWithTiesOverManyRows_MatchesDuckDb(string sql)
    {
        await AssertMatchesDuckDb(sql, await Numbers.Value);
    }

    [Theory]
    [MemberData(nameof(AllTypesQueries))]
    public async Task Execute_AllTypes_MatchesDuckDb(string sql)
    {
        await AssertMatchesDuckDb(sql, TestData.Parquet("alltypes_tiny_pages.parquet"));
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (<c>{f}</c> for the file) in DuckDB and in the engine, over the whole file and
    /// one block per row group, and asserts the same values.
    /// </summary>
    internal static async Task AssertMatchesDuckDb(string sql, string path)
    {
        var expected = DuckDb.Query(sql.Replace("{f}", DuckDb.File(path), StringComparison.Ordinal));
        foreach (var blockSize in new[] { EngineHarness.WholeFile, 1L })
        {
            var actual = await EngineHarness.RunAsync(sql.Replace("{f}", "/d/x", StringComparison.Ordinal), path, blockSize);
            Assert.Equal(Show(expected), Show(DuckDb.Rows(actual)));
        }
    }

    private static string Show(List<string[]> rows) => string.Join(" ; ", rows.Select(r => string.Join(",", r)));
}
