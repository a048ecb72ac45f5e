using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

public sealed class QueryPlanParseTests
{
    [Fact]
    public void Parse_AggregateQuery_SplitsKeysAggregatesAndOutputs()
    {
        var plan = QueryPlan.Parse(
            "select l_returnflag, count(*), sum(l_quantity) AS qty from /data/lineitem where l_shipmode = 'AIR' group by l_returnflag order by qty desc limit 3");

        Assert.Equal("/data/lineitem", plan.Source);
        Assert.True(plan.IsAggregate);
        Assert.Equal(["l_shipmode", "l_returnflag", "l_quantity"], plan.RequiredColumns);
        Assert.Equal(["l_returnflag", "count_star()", "qty"], plan.Columns);
        Assert.Equal("l_returnflag", Assert.Single(plan.GroupBy).ToString());
        Assert.Equal(2, plan.Aggregates.Count);
        var key = Assert.Single(plan.OrderBy);
        Assert.Equal(new OrderKey(2, true, false), key);
        Assert.Equal(3, plan.Limit);
    }

    [Theory]
    [InlineData("SELECT a FROM /data/x.parquet", "/data/x.parquet")]
    [InlineData("SELECT a FROM '/data/my file.parquet'", "/data/my file.parquet")]
    [InlineData("SELECT a FROM \"/data/x\"", "/data/x")]
    [InlineData("SELECT a FROM https://example.com/x.parquet?sig=1", "https://example.com/x.parquet?sig=1")]
    [InlineData("SELECT a FROM read_parquet('/data/x.parquet')", "/data/x.parquet")]
    [InlineData("SELECT a FROM /data/data_page=1_BROTLI.parquet;", "/data/data_page=1_BROTLI.parquet")]
    public void Parse_Source_AcceptsPathsQuotedStringsAndUrls(string sql, string source)
    {
        var plan = QueryPlan.Parse(sql);
        Assert.Equal(source, plan.Source);
        Assert.Equal(source.StartsWith("http", StringComparison.Ordinal), plan.SourceIsUrl);
    }

    [Fact]
    public void Parse_DivisionAfterFrom_IsStillDivision()
    {
        var plan = QueryPlan.Parse("SELECT a/b FROM /d/x WHERE a/2 > 1");
        Assert.Equal(["a", "b"], plan.RequiredColumns);
        Assert.Equal("((a / 2) > 1)", plan.Filter!.ToString());
    }

    [Theory]
    [InlineData("x = 1", "(x = 1)")]
    [InlineData("x != 1 AND y <> 2", "((x != 1) AND (y != 2))")]
    [InlineData("x < 1 OR x <= 2 OR x > 3 OR x >= 4", "((((x < 1) OR (x <= 2)) OR (x > 3)) OR (x >= 4))")]
    [InlineData("NOT x = 1", "(NOT (x = 1))")]
    [InlineData("x IN (1, 2, 3)", "(x IN (1, 2, 3))")]
    [InlineData("x NOT IN ('a', 'b')", "(x NOT IN ('a', 'b'))")]
    [InlineData("x BETWEEN 1 AND 5 AND y = 2", "((x BETWEEN 1 AND 5) AND (y = 2))")]
    [InlineData("x NOT BETWEEN 1 AND 5", "(x NOT BETWEEN 1 AND 5)")]
    [InlineData("x IS NULL OR y IS NOT NULL", "((x IS NULL) OR (y IS NOT NULL))")]
    [InlineData("a + b * c - d / e % f = 0", "(((a + (b * c)) - ((d / e) % f)) = 0)")]
    [InlineData("(a + b) * c = -1", "(((a + b) * c) = -1)")]
    [InlineData("name = 'it''s'", "(name = 'it''s')")]
    [InlineData("price >= 1.50", "(price >= 1.5)")]
    [InlineData("d >= DATE '1995-01-01'", "(d >= DATE '1995-01-01')")]
    [InlineData("d < '1995-01-01'", "(d < '1995-01-01')")]
    [InlineData("\"Weird Col\" = 1 AND \"42\" > 0", "((Weird Col = 1) AND (42 > 0))")]
    [InlineData("flag = TRUE OR x IS NULL", "((flag = true) OR (x IS NULL))")]
    [InlineData("s.inner_field = 1", "(s.inner_field = 1)")]
    [InlineData("x = 1 -- trailing comment", "(x = 1)")]
    public void Parse_WhereConstructs_ParseWithPrecedence(string condition, string canonical)
    {
        var plan = QueryPlan.Parse($"SELECT count(*) FROM /d/x WHERE {condition}");
        Assert.Equal(canonical, plan.Filter!.ToString());
    }

    [Fact]
    public void Parse_KeywordsAreCaseInsensitive()
    {
        var plan = QueryPlan.Parse("SeLeCt A, CoUnT(*) fRoM /d/x WhErE a Is NoT nUlL gRoUp By A oRdEr By A dEsC lImIt 1");
        Assert.True(plan.IsAggregate);
        Assert.True(plan.OrderBy[0].Descending);
    }

    [Fact]
    public void Parse_DateLiteral_IsDate()
    {
        var plan = QueryPlan.Parse("SELECT count(*) FROM /d/x WHERE d = DATE '1995-01-31'");
        var literal = (LiteralExpr)((BinaryExpr)plan.Filter!).Right;
        Assert.Equal(new DateOnly(1995, 1, 31), literal.Value);
    }

    [Fact]
    public void Parse_Aliases_WithAndWithoutAs()
    {
        var plan = QueryPlan.Parse("SELECT a AS first, b second, sum(c) total FROM /d/x GROUP BY a, b");
        Assert.Equal(["first", "second", "total"], plan.Columns);
    }

    [Fact]
    public void Parse_AggregateNames_AreDuckDbLike()
    {
        var plan = QueryPlan.Parse("SELECT count(*), count(x), sum(x), min(x), max(x), avg(x + 1), round(sum(y), 2) FROM /d/x");
        Assert.Equal(
            ["count_star()", "count(x)", "sum(x)", "min(x)", "max(x)", "avg((x + 1))", "round(sum(y), 2)"],
            plan.Columns);
        Assert.Equal(7, plan.Aggregates.Count);
    }

    [Fact]
    public void Parse_SameAggregateTwice_ComputedOnce()
    {
        var plan = QueryPlan.Parse("SELECT sum(x), sum(x) / count(*) FROM /d/x ORDER BY sum(x)");
        Assert.Equal(2, plan.Aggregates.Count);
        Assert.Equal(0, plan.OrderBy[0].Output);
    }

    [Theory]
    [InlineData("SELECT a AS k, count(*) FROM /d/x GROUP BY k")]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY 1")]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY a")]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY ALL")]
    public void Parse_GroupBy_ByColumnAliasOrdinalOrAll(string sql)
    {
        var plan = QueryPlan.Parse(sql);
        Assert.Equal("a", Assert.Single(plan.GroupBy).ToString());
    }

    [Fact]
    public void Parse_GroupByExpression_MatchesSelectExpression()
    {
        var plan = QueryPlan.Parse("SELECT a % 10, count(*) FROM /d/x GROUP BY a % 10");
        Assert.Equal("(a % 10)", Assert.Single(plan.GroupBy).ToString());
        Assert.IsType<SlotExpr>(plan.Outputs[0]);
    }

    [Theory]
    [InlineData("SELECT a, b FROM /d/x ORDER BY b", 1, 2)]
    [InlineData("SELECT a, b AS bee FROM /d/x ORDER BY bee", 1, 2)]
    [InlineData("SELECT a, b FROM /d/x ORDER BY 2", 1, 2)]
    [InlineData("SELECT a, b FROM /d/x ORDER BY c", 2, 3)]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY a ORDER BY count(*)", 1, 2)]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY a ORDER BY max(b)", 2, 3)]
    public void Parse_OrderBy_ResolvesToOutputOrHiddenColumn(string sql, int output, int outputCount)
    {
        var plan = QueryPlan.Parse(sql);
        Assert.Equal(output, Assert.Single(plan.OrderBy).Output);
        Assert.Equal(outputCount, plan.Outputs.Count);
        Assert.Equal(2, plan.Columns.Count);
    }

    [Fact]
    public void Parse_OrderByAll_OrdersByEveryColumn()
    {
        var plan = QueryPlan.Parse("SELECT a, b, count(*) FROM /d/x GROUP BY ALL ORDER BY ALL");
        Assert.Equal([0, 1, 2], plan.OrderBy.Select(k => k.Output));
    }

    [Fact]
    public void Parse_NullsFirst_IsKept()
    {
        var plan = QueryPlan.Parse("SELECT a FROM /d/x ORDER BY a DESC NULLS FIRST, a NULLS LAST");
        Assert.True(plan.OrderBy[0].NullsFirst);
        Assert.False(plan.OrderBy[1].NullsFirst);
    }

    [Fact]
    public void Parse_Star_ReadsAllColumns()
    {
        var plan = QueryPlan.Parse("SELECT * FROM /d/x WHERE a > 1 LIMIT 5");
        Assert.True(plan.SelectsAllColumns);
        Assert.False(plan.IsAggregate);
        Assert.Equal(["a"], plan.RequiredColumns);
    }

    [Fact]
    public void Parse_CountStarOnly_RequiresNoColumns()
    {
        Assert.Empty(QueryPlan.Parse("SELECT count(*) FROM /d/x").RequiredColumns);
    }

    [Theory]
    [InlineData("SELECT a FROM /d/x JOIN /d/y ON a = b", "JOIN is not supported (DataLocal runs single-table queries)")]
    [InlineData("SELECT a FROM /d/x LEFT JOIN /d/y ON a = b", "JOIN")]
    [InlineData("SELECT a FROM /d/x, /d/y", "several tables")]
    [InlineData("SELECT a FROM (SELECT a FROM /d/x)", "subqueries")]
    [InlineData("SELECT a FROM /d/x WHERE a IN (SELECT b FROM /d/y)", "subqueries")]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY a HAVING count(*) > 1", "HAVING")]
    [InlineData("SELECT DISTINCT a FROM /d/x", "DISTINCT")]
    [InlineData("SELECT count(DISTINCT a) FROM /d/x", "DISTINCT")]
    [InlineData("SELECT row_number() OVER (ORDER BY a) FROM /d/x", "window functions")]
    [InlineData("SELECT upper(a) FROM /d/x", "function 'upper'")]
    [InlineData("SELECT a FROM /d/x UNION SELECT a FROM /d/y", "UNION")]
    [InlineData("WITH t AS (SELECT 1) SELECT * FROM t", "WITH")]
    [InlineData("SELECT CASE WHEN a THEN 1 END FROM /d/x", "CASE")]
    [InlineData("SELECT a FROM /d/x WHERE a LIKE 'x%'", "LIKE")]
    [InlineData("SELECT a::int FROM /d/x", "casts")]
    [InlineData("SELECT a FROM /d/x LIMIT 1 OFFSET 2", "OFFSET")]
    [InlineData("DELETE FROM /d/x", "DELETE")]
    public void Parse_UnsupportedSql_ThrowsNamingIt(string sql, string named)
    {
        var error = Assert.Throws<QueryException>(() => QueryPlan.Parse(sql));
        Assert.StartsWith("unsupported SQL: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_JoinQuery_UnsupportedErrorNamesJoin()
    {
        var error = Assert.Throws<QueryException>(() => QueryPlan.Parse("SELECT * FROM /a JOIN /b USING (id)"));
        Assert.Equal("unsupported SQL: JOIN is not supported (DataLocal runs single-table queries)", error.Message);
    }

    [Theory]
    [InlineData("SELECT a FROM /d/x WHERE", "line 1, column 25")]
    [InlineData("SELECT a FROM /d/x WHERE a = = 1", "column 30")]
    [InlineData("SELECT a, FROM /d/x", "column 11")]
    [InlineData("SELECT a FROM /d/x WHERE a = 'unterminated", "column 30")]
    [InlineData("SELECT a FROM /d/x WHERE a # 1", "column 28")]
    public void Parse_SyntaxError_GivesPosition(string sql, string position)
    {
        var error = Assert.Throws<QueryException>(() => QueryPlan.Parse(sql));
        Assert.StartsWith("invalid SQL: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(position, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT a, count(*) FROM /d/x", "column 'a' must appear in the GROUP BY clause")]
    [InlineData("SELECT a, b, count(*) FROM /d/x GROUP BY a", "column 'b' must appear in the GROUP BY clause")]
    [InlineData("SELECT count(*) FROM /d/x WHERE sum(a) > 1", "not allowed in WHERE")]
    [InlineData("SELECT sum(count(*)) FROM /d/x", "cannot be nested")]
    [InlineData("SELECT *, count(*) FROM /d/x", "SELECT *")]
    [InlineData("SELECT a FROM lineitem", "cluster path")]
    [InlineData("SELECT round(a, b) FROM /d/x", "integer constant")]
    [InlineData("SELECT a, count(*) FROM /d/x GROUP BY 3", "position 3")]
    [InlineData("SELECT sum(*) FROM /d/x", "only valid for count")]
    public void Parse_SemanticError_Throws(string sql, string message)
    {
        var error = Assert.Throws<QueryException>(() => QueryPlan.Parse(sql));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
