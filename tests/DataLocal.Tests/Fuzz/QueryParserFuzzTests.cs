using System.Diagnostics;
using System.Text;
using DataLocal.Common.Query;

namespace DataLocal.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the SQL parser with token soups and random characters: every input is planned
/// or refused with a one-line <see cref="QueryException"/>, quickly, and nothing else escapes.
/// </summary>
public sealed class QueryParserFuzzTests
{
    private const int Cases = 5_000;

    private static readonly string[] Tokens =
    [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "LIMIT", "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "AS", "DESC",
        "count(*)", "sum(", "min(", "max(", "avg(", "(", ")", ",", "*", "+", "-", "/", "%", "=", "<>", "<", ">=", "'", "'x'", "''",
        "1", "-1", "1e308", "99999999999999999999999999999999", "0.5", "DATE '1995-01-01'", "TIMESTAMP '", "l_quantity", "a", "\"q\"",
        "/data/t.parquet", "'http://127.0.0.1/x'", "--", "/*", "*/", ";", "\0", "\u202E", "é",
    ];

    [Fact]
    public void Parse_TokenSoupsAndRandomText_PlannedOrRefusedWithOneLine()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        var planned = 0;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < Cases; i++)
        {
            var sql = i % 5 == 0 ? RandomText(random) : Soup(random, i % 3 == 0);
            var started = Stopwatch.GetTimestamp();
            try
            {
                _ = QueryPlan.Parse(sql);
                planned++;
            }
            catch (QueryException ex)
            {
                Assert.DoesNotContain('\n', ex.Message);
                Assert.False(string.IsNullOrWhiteSpace(ex.Message), $"seed {seed} case {i}");
            }
            var took = Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
        }
        // No input is slow: a parser that backtracks exponentially would show here (the bound is generous for a loaded machine).
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"seed {seed}: slowest parse took {slowest}");
        Assert.True(planned > 0, $"seed {seed}: the generator never produced a valid query, so nothing accepted was exercised");
    }

    // Mostly shaped like a query (SELECT … FROM path …) so the parser gets past its first token.
    private static string Soup(Random random, bool shaped)
    {
        var builder = new StringBuilder(shaped ? "SELECT " : string.Empty);
        var count = random.Next(1, 40);
        for (var t = 0; t < count; t++)
        {
            builder.Append(Tokens[random.Next(Tokens.Length)]).Append(' ');
            if (shaped && t == count / 2)
            {
                builder.Append("FROM /data/t.parquet ");
            }
        }
        return builder.ToString();
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 200)];
        for (var c = 0; c < chars.Length; c++)
        {
            chars[c] = (char)random.Next(0, 0x3000);
        }
        return new string(chars);
    }
}
