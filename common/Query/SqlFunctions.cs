namespace DataLocal.Common.Query;

/// <summary>The scalar functions of the subset (<c>round</c>, <c>abs</c>): their checks and per-value semantics.</summary>
public static class SqlFunctions
{
    /// <summary>Throws unless <paramref name="function"/> is a supported scalar function called correctly.</summary>
    public static void Validate(FunctionExpr function)
    {
        ArgumentNullException.ThrowIfNull(function);
        switch (function.Name)
        {
            case "round" when function.Arguments.Count is 1 or 2:
                if (function.Arguments.Count == 2 && function.Arguments[1] is not LiteralExpr { Value: long })
                {
                    throw new QueryException("round(x, n) needs an integer constant n");
                }
                return;
            case "abs" when function.Arguments.Count == 1:
                return;
            case "round" or "abs":
                throw new QueryException($"wrong number of arguments to {function.Name}");
            default:
                throw QueryException.Unsupported($"function '{function.Name}' is not supported");
        }
    }

    /// <summary>The digits argument of <c>round</c>.</summary>
    public static int RoundDigits(FunctionExpr function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.Arguments.Count == 2 ? (int)Math.Clamp((long)((LiteralExpr)function.Arguments[1]).Value!, -20, 20) : 0;
    }

    public static object? Apply(FunctionExpr function, object? argument)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.Name == "round"
            ? argument switch
            {
                null => null,
                long l => RoundLong(l, RoundDigits(function)),
                decimal m => RoundDecimal(m, RoundDigits(function)),
                double d => RoundDouble(d, RoundDigits(function)),
                float f => RoundFloat(f, RoundDigits(function)),
                _ => throw new QueryException($"round needs a number, not {SqlValues.KindOf(argument)}"),
            }
            : argument switch
            {
                null => null,
                long l => l == long.MinValue ? throw new QueryException("BIGINT overflow in abs") : Math.Abs(l),
                decimal m => Math.Abs(m),
                double d => Math.Abs(d),
                float f => Math.Abs(f),
                _ => throw new QueryException($"abs needs a number, not {SqlValues.KindOf(argument)}"),
            };
    }

    // Half away from zero, as DuckDB rounds.
    public static double RoundDouble(double value, int digits)
    {
        if (digits >= 0)
        {
            return digits > 15 ? value : Math.Round(value, digits, MidpointRounding.AwayFromZero);
        }
        var scale = Math.Pow(10, -digits);
        return Math.Round(value / scale, MidpointRounding.AwayFromZero) * scale;
    }

    /// <summary>FLOAT rounds as DuckDB's: the float's exact value rounded, then the nearest float (a FLOAT result).</summary>
    public static float RoundFloat(float value, int digits) => (float)RoundDouble(value, digits);

    public static decimal RoundDecimal(decimal value, int digits)
    {
        if (digits >= 0)
        {
            return Math.Round(value, Math.Min(digits, 28), MidpointRounding.AwayFromZero);
        }
        var scale = (decimal)Math.Pow(10, -digits);
        return Math.Round(value / scale, MidpointRounding.AwayFromZero) * scale;
    }

    public static long RoundLong(long value, int digits)
    {
        if (digits >= 0)
        {
            return value;
        }
        return (long)RoundDecimal(value, digits);
    }
}
