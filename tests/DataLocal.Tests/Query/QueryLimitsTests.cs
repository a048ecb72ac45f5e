using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>Each bound of <see cref="QueryLimits"/>: accepted at the limit, refused just past it with one line naming it.</summary>
public sealed class QueryLimitsTests
{
    private const string Where = "SELECT count(*) FROM /d/x WHERE ";

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static QueryException Refused(string sql) => Assert.Throws<QueryException>(() => QueryPlan.Parse(sql));

    public static TheoryData<string, Func<int, string>> NestedConstructs() => new()
    {
        { "parentheses", n => Where + Repeat("(", n) + "a > 5" + Repeat(")", n) },
        { "NOT", n => Where + Repeat("NOT ", n) + "a > 5" },
        { "unary minus", n => Where + Repeat("- ", n) + "a > 5" },
        { "unary plus", n => Where + Repeat("+ ", n) + "a > 5" },
        { "function calls", n => "SELECT " + Repeat("abs(", n) + "a" + Repeat(")", n) + " FROM /d/x" },
        { "IN lists", n => Where + Repeat("a IN (", n) + "1" + Repeat(")", n) },
    };

    [Theory]
    [MemberData(nameof(NestedConstructs))]
    public void Parse_NestingAtLimit_Parses(string construct, Func<int, string> nested)
    {
        var plan = QueryPlan.Parse(nested(QueryLimits.MaxNestingDepth));
        Assert.NotNull(plan);
        Assert.NotEmpty(construct);
    }

    [Theory]
    [MemberData(nameof(NestedConstructs))]
    public void Parse_NestingDeeperThanLimit_RefusedWithClearError(string construct, Func<int, string> nested)
    {
        foreach (var depth in new[] { QueryLimits.MaxNestingDepth + 1, 1_000, 10_000 })
        {
            var error = Refused(nested(depth));
            Assert.True(error.Message.StartsWith("expression nesting is deeper than 100 levels", StringComparison.Ordinal),
                $"{construct} × {depth}: {error.Message}");
        }
    }

    [Fact]
    public void Parse_NestingOnThreadWithSmallStack_RefusedInsteadOfOverflowing()
    {
        // 100 levels need more stack than this thread has; the parser must notice before it runs out.
        QueryException? error = null;
        var thread = new Thread(() => error = Assert.Throws<QueryException>(() =>
            QueryPlan.Parse(Where + Repeat("(", 100) + "a > 5" + Repeat(")", 100))), maxStackSize: 256 * 1024);

        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));

        Assert.NotNull(error);
        Assert.Contains("too deep for this thread's stack", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OperatorChainAtDepthLimit_Parses()
    {
        // SELECT item: the chain's root is level 1, so 999 operators put the first term at level 1,000.
        var plan = QueryPlan.Parse("SELECT " + string.Join(" + ", Enumerable.Repeat("a", QueryLimits.MaxExpressionDepth)) + " FROM /d/x");
        Assert.StartsWith("((((", plan.OutputNames[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" + ")]
    [InlineData(" * ")]
    [InlineData(" AND ")]
    [InlineData(" OR ")]
    public async Task Parse_OperatorChainDeeperThanLimit_RefusedQuickly(string op)
    {
        var sql = Where + string.Join(op, Enumerable.Repeat("a", 10_000));

        var error = await Task.Run(() => Refused(sql)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("an expression is deeper than 1,000 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreNodesThanLimit_Refused()
    {
        var sum = "sum(" + string.Join("+", Enumerable.Repeat("a", 500)) + ")";

        var error = Refused("SELECT " + string.Join(", ", Enumerable.Repeat(sum, 41)) + " FROM /d/x");

        Assert.StartsWith("the query has more than 20,000 expression nodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_TextLongerThanLimit_RefusedBeforeTokenizing()
    {
        var sql = Where + "a IN (" + string.Join(",", Enumerable.Repeat("1", 1_000_000)) + ")";

        var error = await Task.Run(() => Refused(sql)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"the query is {sql.Length:N0} characters long, over the limit of 1,048,576 (1 MiB); shorten it"), error.Message);
    }

    [Fact]
    public void Parse_MoreTokensThanLimit_Refused()
    {
        var error = Refused(Where + string.Join(" OR ", Enumerable.Repeat("(a = 1)", 10_000)));

        Assert.StartsWith("the query has more than 50,000 tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InListAtLimit_Parses()
    {
        var plan = QueryPlan.Parse(Where + "a IN (" + string.Join(",", Enumerable.Range(0, QueryLimits.MaxInListItems)) + ")");
        Assert.Equal(QueryLimits.MaxInListItems, Assert.IsType<InExpr>(plan.Filter).Items.Count);
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(100_000)]
    public async Task Parse_InListLongerThanLimit_RefusedBeforeParsing(int items)
    {
        var sql = Where + "s IN (" + string.Join(",", Enumerable.Range(0, items).Select(i => $"'{i}'")) + ")";

        var error = await Task.Run(() => Refused(sql)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("an IN list has more than 10,000 items; use a shorter list", error.Message);
    }

    [Fact]
    public void Parse_CommasOfCallsInsideInList_DoNotCountAsItems()
    {
        var items = string.Join(",", Enumerable.Repeat("round(a, 1)", QueryLimits.MaxInListItems / 2));
        Assert.NotNull(QueryPlan.Parse(Where + "a IN (" + items + ")"));
    }

    [Theory]
    [InlineData("99999999999999999999", 99999999999999999999.0, typeof(decimal))]
    [InlineData("99999999999999999999999999999999", 1e32, typeof(double))]
    [InlineData("100000000000000000000000000000000.5", 1e32, typeof(double))]
    public void Parse_NumberBeyondBigInt_IsExactDecimalOrNearestDouble(string literal, double value, Type type)
    {
        var plan = QueryPlan.Parse(Where + "a < " + literal);

        var constant = Assert.IsType<LiteralExpr>(Assert.IsType<BinaryExpr>(plan.Filter).Right).Value!;
        Assert.IsType(type, constant);
        Assert.Equal(value, SqlValues.ToDouble(constant));
    }

    [Fact]
    public void Parse_NumberBeyondDouble_RefusedWithClearError()
    {
        var error = Refused(Where + "a < " + new string('9', 400));

        Assert.Equal("the number 99999999999999999999… (400 characters) is beyond the range of DOUBLE (about 1.8e308); use a smaller number", error.Message);
    }
}
