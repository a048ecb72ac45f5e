using System.Globalization;
using System.Text.RegularExpressions;
using DataLocal.Common.Query;

namespace DataLocal.Tests.Compute;

/// <summary>Every query of <c>testdata/parquet/queries.tsv</c> must reproduce DuckDB's result however the file is split.</summary>
public sealed partial class QueriesTsvTests
{
    public static TheoryData<string, string, string, long> Cases()
    {
        var data = new TheoryData<string, string, string, long>();
        foreach (var row in TestData.Tsv("parquet/queries.tsv"))
        {
            foreach (var size in EngineHarness.BlockSizes)
            {
                data.Add(row[0], row[2], row[3], size);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Execute_QueriesTsv_MatchesDuckDbAcrossBlockSizes(string file, string duckDbSql, string expected, long blockSize)
    {
        var path = TestData.Parquet(file);
        if (duckDbSql.Contains("(SELECT", StringComparison.OrdinalIgnoreCase))
        {
            // DataLocal has no subqueries: run the inner GROUP BY and aggregate its groups here.
            var inner = SubqueryPattern().Match(duckDbSql).Groups[1].Value;
            var groups = await EngineHarness.RunAsync(inner, path, blockSize);
            var sum = groups.Rows.Where(r => r[1] is not null).Sum(r => SqlValues.ToDouble(r[1]!));
            Assert.Equal(expected, $"{groups.Rows.Count},{QueryResult.Format(sum)}");
            return;
        }
        var verbatim = await EngineHarness.RunAsync(duckDbSql, path, blockSize);
        Assert.Equal(expected, verbatim.ToText());
        var explicitSql = Explicit(duckDbSql);
        var rewritten = await EngineHarness.RunAsync(explicitSql, path, blockSize);
        Assert.Equal(expected, rewritten.ToText());
    }

    [Fact]
    public async Task Execute_H2oGroupCount_CountsNullGroup()
    {
        var result = await EngineHarness.RunAsync(
            "SELECT id4, count(*) FROM '/data/h2o.parquet' WHERE id4 IS NULL GROUP BY id4",
            TestData.Parquet("h2oai_group_small.parquet"), EngineHarness.WholeFile);
        var row = Assert.Single(result.Rows);
        Assert.Null(row[0]);
        Assert.True((long)row[1]! > 0);
    }

    // The cluster form of a DuckDB query: a plain path in FROM, explicit GROUP BY / ORDER BY lists.
    private static string Explicit(string sql)
    {
        var result = ReadParquetPattern().Replace(sql, "/data/$1");
        if (!result.Contains("GROUP BY ALL ORDER BY ALL", StringComparison.Ordinal))
        {
            return result;
        }
        var select = result[(result.IndexOf("SELECT", StringComparison.Ordinal) + 6)..result.IndexOf(" FROM", StringComparison.Ordinal)];
        var keys = SplitTopLevel(select).Where(item => !item.Contains('(', StringComparison.Ordinal)).ToArray();
        var positions = string.Join(", ", Enumerable.Range(1, SplitTopLevel(select).Count).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return result.Replace("GROUP BY ALL ORDER BY ALL", $"GROUP BY {string.Join(", ", keys)} ORDER BY {positions}", StringComparison.Ordinal);
    }

    private static List<string> SplitTopLevel(string list)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                items.Add(list[start..i].Trim());
                start = i + 1;
            }
        }
        items.Add(list[start..].Trim());
        return items;
    }

    [GeneratedRegex(@"read_parquet\('([^']+)'\)")]
    private static partial Regex ReadParquetPattern();

    [GeneratedRegex(@"FROM \((SELECT .*)\)\s*$")]
    private static partial Regex SubqueryPattern();
}
