using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>SQL three-valued logic of the row evaluator the namenode uses.</summary>
public sealed class NullSemanticsTests
{
    private static object? Evaluate(string expression, object? x = null)
    {
        var plan = QueryPlan.Parse($"SELECT {expression} FROM /d/t");
        return ScalarEvaluator.Evaluate(plan.Outputs[0], _ => x);
    }

    [Theory]
    [InlineData("x = 1")]
    [InlineData("x != 1")]
    [InlineData("x < 1")]
    [InlineData("x + 1")]
    [InlineData("NOT (x = 1)")]
    [InlineData("x BETWEEN 1 AND 2")]
    [InlineData("x IN (1, 2)")]
    [InlineData("1 IN (2, x)")]
    [InlineData("1 NOT IN (2, x)")]
    [InlineData("x = 1 AND TRUE")]
    [InlineData("x = 1 OR FALSE")]
    [InlineData("round(x, 2)")]
    public void Evaluate_NullOperand_IsNull(string expression) => Assert.Null(Evaluate(expression));

    [Theory]
    [InlineData("x = 1 AND FALSE", false)]
    [InlineData("x = 1 OR TRUE", true)]
    [InlineData("x IS NULL", true)]
    [InlineData("x IS NOT NULL", false)]
    [InlineData("1 IN (1, x)", true)]
    [InlineData("1 NOT IN (1, x)", false)]
    public void Evaluate_NullOperand_ThreeValuedLogicDecides(string expression, bool expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("7 / 2", 3.5)]
    [InlineData("7 % 2", 1L)]
    [InlineData("7 - 10", -3L)]
    [InlineData("1 / 0", double.PositiveInfinity)]
    [InlineData("-1 / 0", double.NegativeInfinity)]
    [InlineData("0 / 0", double.NaN)]
    [InlineData("1.5 % 0", null)]
    [InlineData("7 % 0", null)]
    [InlineData("round(2.5, 0)", 3.0)]
    [InlineData("abs(-4)", 4L)]
    public void Evaluate_Arithmetic_FollowsDuckDb(string expression, object? expected)
    {
        var value = Evaluate(expression);
        if (expected is double d)
        {
            Assert.Equal(d, SqlValues.ToDouble(value!));
        }
        else
        {
            Assert.Equal(expected, value);
        }
    }

    [Fact]
    public void Evaluate_DateAgainstText_ComparesAsDates()
    {
        Assert.Equal(true, Evaluate("x < '1995-02-01'", new DateOnly(1995, 1, 15)));
        Assert.Equal(false, Evaluate("x = DATE '1995-02-01'", new DateOnly(1995, 1, 15)));
    }

    [Fact]
    public void Evaluate_TextAgainstNumber_IsTypeError()
    {
        Assert.Throws<QueryException>(() => Evaluate("x = 1", "abc"));
    }
}
