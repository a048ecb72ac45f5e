using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>Mistakes in a query are reported in words, not as the parser's raw "unexpected token".</summary>
public sealed class ParserWordsTests
{
    [Theory]
    [InlineData("SELECT * FROM /d/x LIMIT -1", "LIMIT cannot be negative")]
    [InlineData("SELECT * FROM /d/x LIMIT - 5", "LIMIT cannot be negative")]
    [InlineData("SELECT * FROM /d/x LIMIT 1.5", "LIMIT needs a whole number of rows")]
    [InlineData("SELECT * FROM /d/x LIMIT 'a'", "LIMIT needs a whole number of rows")]
    [InlineData("SELECT * FROM /d/x LIMIT a", "LIMIT needs a whole number of rows")]
    [InlineData("SELECT * FROM /d/x LIMIT", "LIMIT needs a whole number of rows")]
    [InlineData("SELECT a FROM /d/x WHERE a > 1 /* never closed", "comment")]
    [InlineData("SELECT a FROM /d/x WHERE t > TIMESTAMP 'not a time'", "'not a time' is not a timestamp")]
    public void Parse_Mistake_SaysWhatIsWrong(string sql, string expected)
    {
        var error = Assert.Throws<QueryException>(() => QueryPlan.Parse(sql));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected minus", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("SELECT a FROM /d/x WHERE t > TIMESTAMP '2024-01-02 03:04:05'", "2024-01-02T03:04:05.0000000")]
    [InlineData("SELECT a FROM /d/x WHERE t > timestamp '2024-01-02'", "2024-01-02T00:00:00.0000000")]
    [InlineData("SELECT a FROM /d/x WHERE t > TIMESTAMP '2024-01-02 03:04:05.123456'", "2024-01-02T03:04:05.1234560")]
    public void Parse_TimestampLiteral_IsATimestamp(string sql, string expected)
    {
        var plan = QueryPlan.Parse(sql);
        var literal = SqlExprs.DescendantsAndSelf(plan.Filter!).OfType<LiteralExpr>().Single();
        Assert.Equal(expected, Assert.IsType<DateTime>(literal.Value).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_BlockComments_AreSkippedAnywhere()
    {
        var plan = QueryPlan.Parse("/* lead */ SELECT /* x */ a /* y */ FROM /* z */ /d/x /* w */ WHERE a > 1 /* end */");
        Assert.Equal("/d/x", plan.Source);
        Assert.Equal(["a"], plan.RequiredColumns);
    }
}
