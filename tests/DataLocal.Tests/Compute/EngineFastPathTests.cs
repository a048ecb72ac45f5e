using System.Globalization;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Compute;

/// <summary>
/// The block engine's fast paths (issue 8, "A faster block engine") give DuckDB's answers: late
/// materialisation (the filter's columns decoded first, the rest only for row groups with a selected row, and
/// their text only at selected rows), interned low-cardinality text and text of too many distinct values to
/// intern, GROUP BY keys numbered per batch (NULL keys included), and unboxed DATE/TIMESTAMP min/max carried
/// through partial results. The file is DuckDB-written (dictionary-encoded text) in row groups of 2,500 rows (more distinct notes than the interner keeps);
/// each query runs over the whole file and one block per row group.
/// </summary>
public sealed class EngineFastPathTests
{
    private static readonly Lazy<string> File = new(WriteFile);

    public static TheoryData<string> Queries() => new()
    {
        // Selected rows in row groups 0, 1 and 3 only: the others skip the non-filter columns.
        "SELECT * FROM {f} WHERE id % 4999 = 0 ORDER BY id",
        "SELECT id, note, opt, flag FROM {f} WHERE id % 4999 = 0 ORDER BY id",
        "SELECT count(*), min(note), max(opt) FROM {f} WHERE id % 4999 = 0",
        "SELECT count(*) FROM {f} WHERE id % 4999 = 0 AND note = 'note-4999'",
        "SELECT count(*) FROM {f} WHERE id % 4999 = 0 AND note = 'nothing'",
        // A filter on text, the output other text.
        "SELECT id, note FROM {f} WHERE flag = 'c' AND id % 101 = 0 ORDER BY id",
        // GROUP BY low-cardinality text, high-cardinality text (past the interner's limit) and NULL keys.
        "SELECT flag, count(*), min(note), max(day), min(ts), sum(val) FROM {f} WHERE id % 7 = 3 GROUP BY flag ORDER BY flag",
        "SELECT note, count(*) FROM {f} WHERE id < 3000 GROUP BY note ORDER BY note LIMIT 5",
        "SELECT opt, flag, count(*) FROM {f} GROUP BY opt, flag ORDER BY opt, flag",
        "SELECT day, count(*) FROM {f} WHERE id % 3 = 0 GROUP BY day ORDER BY day LIMIT 4",
        "SELECT val, count(*) FROM {f} GROUP BY val ORDER BY val LIMIT 4",
        // DATE and TIMESTAMP extremes, whole file and per group.
        "SELECT min(day), max(day), min(ts), max(ts), count(day) FROM {f}",
        "SELECT flag, min(day), max(ts) FROM {f} WHERE opt IS NOT NULL GROUP BY flag ORDER BY flag",
        // Optional columns with NULLs (values moved to their rows after decoding) and DOUBLE arithmetic loops.
        "SELECT id, nval, nint, nday FROM {f} WHERE id < 40 ORDER BY id",
        "SELECT id, 1 - val, val * 2, val / 4, 10 / (val + 1), nval * 2, 1 - nval, nval + val, nval / 0 FROM {f} WHERE id < 40 ORDER BY id",
        "SELECT sum(nval * (1 - val)), count(nval), sum(nint), min(nday), max(nday), count(nday) FROM {f}",
        "SELECT flag, sum(nval), max(nint), min(nday) FROM {f} GROUP BY flag ORDER BY flag",
        // Dictionary-encoded text compared once per dictionary entry, either side of the operator, NULLs kept.
        "SELECT count(*) FROM {f} WHERE 'b' < flag",
        "SELECT count(*) FROM {f} WHERE flag <> 'a' AND opt >= 'opt-1'",
        "SELECT count(*), count(opt) FROM {f} WHERE opt <= 'opt-1' OR opt IS NULL",
        "SELECT flag, opt, count(*) FROM {f} WHERE opt < 'opt-2' GROUP BY flag, opt ORDER BY flag, opt",
        "SELECT opt, count(*) FROM {f} GROUP BY opt ORDER BY opt NULLS FIRST",
        // A leading AND operand that no row of most row groups passes: the other filter columns are not decoded there.
        "SELECT id, opt, val FROM {f} WHERE id % 2500 < 3 AND opt IS NULL ORDER BY id",
        "SELECT count(*), sum(val) FROM {f} WHERE id BETWEEN 2490 AND 2510 AND flag = 'b' AND nval IS NOT NULL",
        "SELECT id FROM {f} WHERE (id = 7 OR id = 7000) AND note <> 'x' ORDER BY id",
        "SELECT count(*) FROM {f} WHERE id < 0 AND note = 'note-1'",
        // A column against a constant, the constant on either side, each operator; AND and OR of columns without
        // NULLs a vector of bytes at a time (2,500-row groups: not a multiple of any vector width), and with NULLs.
        "SELECT count(*) FROM {f} WHERE 100 < id AND 2.5 >= val AND id <> 333",
        "SELECT count(*) FROM {f} WHERE 7 = id % 10 OR 9000 <= id OR val > 0.999",
        "SELECT count(*), sum(val) FROM {f} WHERE id >= 17 AND id <= 9983 AND NOT (id % 3 = 1 OR id % 5 = 2)",
        "SELECT count(*) FROM {f} WHERE nval > 0.5 AND id % 2 = 0 OR nint < 10",
        "SELECT count(*) FROM {f} WHERE val BETWEEN 0.25 AND 0.75 AND id NOT BETWEEN 100 AND 8000",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Execute_FastPaths_MatchDuckDb(string sql)
    {
        await DuckDbAnswerTests.AssertMatchesDuckDb(sql, File.Value);
    }

    private static string WriteFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "datalocal-tests", "fastpaths-" + Guid.NewGuid().ToString("N") + ".parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DuckDb.Query(string.Create(CultureInfo.InvariantCulture, $"""
            COPY (SELECT i AS id,
                         ['a', 'b', 'c', 'd'][(i % 4) + 1] AS flag,
                         'note-' || i AS note,
                         CASE WHEN i % 5 = 0 THEN NULL ELSE 'opt-' || (i % 3) END AS opt,
                         DATE '1994-01-01' + (i % 400)::INTEGER AS day,
                         TIMESTAMP '2001-02-03 04:05:06' + INTERVAL (i * 7) SECOND AS ts,
                         (i % 13) * 0.5 AS val,
                         CASE WHEN i % 6 = 0 THEN NULL ELSE i * 0.25 END AS nval,
                         CASE WHEN i % 9 = 0 THEN NULL ELSE (i % 100)::INTEGER END AS nint,
                         CASE WHEN i % 11 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 50)::INTEGER END AS nday
                  FROM range(10000) t(i))
            TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 2500)
            """));
        return path;
    }
}
