using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>
/// Typing and coercion rules shared by the row evaluator (namenode) and the vectorised one (datanode), so a
/// value compares and computes the same wherever it is evaluated. Mixed numbers widen long → decimal →
/// float → double (as DuckDB: a FLOAT column against an integer or decimal constant compares as FLOAT); a
/// date compared with text compares as a date; <c>/</c> divides as double, or as float when a side is FLOAT
/// and none is DOUBLE (DuckDB). DOUBLE and FLOAT arithmetic is IEEE: <c>x / 0</c> is ±Infinity or NaN, and
/// NaN equals itself and sorts above every other number (DuckDB); integer and decimal <c>% 0</c> are NULL.
/// Text orders by UTF-8 bytes (<see cref="Utf8Order"/>).
/// </summary>
public static class SqlValues
{
    public static ValueKind KindOf(object? value) => value switch
    {
        null => ValueKind.Null,
        bool => ValueKind.Boolean,
        long => ValueKind.BigInt,
        double => ValueKind.Real,
        float => ValueKind.Float,
        decimal => ValueKind.Numeric,
        string => ValueKind.Varchar,
        DateOnly => ValueKind.Date,
        DateTime => ValueKind.Timestamp,
        _ => throw new QueryException($"unsupported value type {value.GetType().Name}"),
    };

    public static bool IsNumeric(ValueKind kind) => kind is ValueKind.BigInt or ValueKind.Real or ValueKind.Numeric or ValueKind.Float;

    /// <summary>The kind both sides of an arithmetic operator are widened to; the result kind except for <c>/</c>.</summary>
    public static ValueKind ArithmeticKind(BinaryOperator op, ValueKind left, ValueKind right)
    {
        if (!IsNumeric(left) && left != ValueKind.Null || !IsNumeric(right) && right != ValueKind.Null)
        {
            throw new QueryException(
                $"cannot apply {ExprText.Symbol(op)} to {left.ToString().ToUpperInvariant()} and {right.ToString().ToUpperInvariant()}");
        }
        if (left == ValueKind.Real || right == ValueKind.Real)
        {
            return ValueKind.Real;
        }
        if (left == ValueKind.Float || right == ValueKind.Float)
        {
            return ValueKind.Float;
        }
        if (op == BinaryOperator.Divide)
        {
            return ValueKind.Real;
        }
        return left == ValueKind.Numeric || right == ValueKind.Numeric ? ValueKind.Numeric : ValueKind.BigInt;
    }

    /// <summary>
    /// The kind two values are compared as, or throws when they cannot be compared. A date against text
    /// compares as dates when the text is a date, which callers do by converting the text.
    /// </summary>
    public static ValueKind ComparisonKind(ValueKind left, ValueKind right)
    {
        if (left == right || left == ValueKind.Null || right == ValueKind.Null)
        {
            return left == ValueKind.Null ? right : left;
        }
        if (IsNumeric(left) && IsNumeric(right))
        {
            return left == ValueKind.Real || right == ValueKind.Real
                ? ValueKind.Real
                : left == ValueKind.Float || right == ValueKind.Float
                    ? ValueKind.Float
                    : ValueKind.Numeric;
        }
        return (left, right) switch
        {
            (ValueKind.Date, ValueKind.Varchar) or (ValueKind.Varchar, ValueKind.Date) => ValueKind.Date,
            (ValueKind.Timestamp, ValueKind.Varchar) or (ValueKind.Varchar, ValueKind.Timestamp) => ValueKind.Timestamp,
            (ValueKind.Timestamp, ValueKind.Date) or (ValueKind.Date, ValueKind.Timestamp) => ValueKind.Timestamp,
            _ => throw new QueryException(
                $"cannot compare {left.ToString().ToUpperInvariant()} with {right.ToString().ToUpperInvariant()}"),
        };
    }

    /// <summary>Compares two non-null values under SQL coercion.</summary>
    public static int Compare(object left, object right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var kind = ComparisonKind(KindOf(left), KindOf(right));
        return kind switch
        {
            ValueKind.Real => CompareDoubles(ToDouble(left), ToDouble(right)),
            ValueKind.Float => CompareFloats(ToFloat(left), ToFloat(right)),
            ValueKind.Numeric => ToDecimal(left).CompareTo(ToDecimal(right)),
            ValueKind.BigInt => ((long)left).CompareTo((long)right),
            ValueKind.Varchar => Utf8Order.Compare((string)left, (string)right),
            ValueKind.Boolean => ((bool)left).CompareTo((bool)right),
            ValueKind.Date => ToDate(left).CompareTo(ToDate(right)),
            _ => ToTimestamp(left).CompareTo(ToTimestamp(right)),
        };
    }

    /// <summary>Ordering for ORDER BY: like <see cref="Compare"/> but nulls sort after every value.</summary>
    public static int CompareForSort(object? left, object? right, bool nullsFirst)
    {
        if (left is null || right is null)
        {
            var order = (left is null ? 1 : 0) - (right is null ? 1 : 0);
            return nullsFirst ? -order : order;
        }
        return Compare(left, right);
    }

    /// <summary>DuckDB's order of doubles: NaN equals NaN and is above every other value, -0 equals 0.</summary>
    public static int CompareDoubles(double a, double b) =>
        a < b ? -1 : a > b ? 1 : a == b ? 0 : double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : -1;

    /// <summary>As <see cref="CompareDoubles"/>, for FLOAT.</summary>
    public static int CompareFloats(float a, float b) =>
        a < b ? -1 : a > b ? 1 : a == b ? 0 : float.IsNaN(a) ? (float.IsNaN(b) ? 0 : 1) : -1;

    public static double ToDouble(object value) => value switch
    {
        long l => l,
        double d => d,
        float f => f,
        decimal m => DecimalToDouble(m),
        _ => throw new QueryException($"{KindOf(value).ToString().ToUpperInvariant()} is not a number"),
    };

    /// <summary>A number as FLOAT, rounded once to the nearest float (a decimal through its exact text).</summary>
    public static float ToFloat(object value) => value switch
    {
        long l => l,
        float f => f,
        double d => (float)d,
        decimal m => DecimalToFloat(m),
        _ => throw new QueryException($"{KindOf(value).ToString().ToUpperInvariant()} is not a number"),
    };

    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// The double nearest to a decimal. .NET's <c>(double)decimal</c> can be one unit in the last place off
    /// (90.89999999999999m), so a literal such as <c>double_col = 90.89999999999999</c> would miss; here the
    /// conversion is exact-then-rounded-once: one IEEE division when the digits and the power of ten are both
    /// exact doubles, else the shortest-exact decimal text parsed as a double (correctly rounded).
    /// </summary>
    public static double DecimalToDouble(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && (uint)bits[1] < 1u << 21 && scale < ExactPowersOfTen.Length)
        {
            var digits = (double)(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
            var quotient = digits / ExactPowersOfTen[scale];
            return bits[3] < 0 ? -quotient : quotient;
        }
        return double.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The float nearest to a decimal (parsed from its exact text, so rounded once).</summary>
    public static float DecimalToFloat(decimal value) =>
        float.Parse(value.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static decimal ToDecimal(object value) => value switch
    {
        long l => l,
        decimal m => m,
        double d => (decimal)d,
        float f => (decimal)f,
        _ => throw new QueryException($"{KindOf(value).ToString().ToUpperInvariant()} is not a number"),
    };

    public static DateOnly ToDate(object value) => value switch
    {
        DateOnly d => d,
        string s => ParseDate(s),
        _ => throw new QueryException($"{KindOf(value).ToString().ToUpperInvariant()} is not a date"),
    };

    public static DateTime ToTimestamp(object value) => value switch
    {
        DateTime t => t,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s => ParseTimestamp(s),
        _ => throw new QueryException($"{KindOf(value).ToString().ToUpperInvariant()} is not a timestamp"),
    };

    public static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new QueryException($"'{text}' is not a date (expected yyyy-MM-dd)");

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
    ];

    /// <summary>The text of a <c>TIMESTAMP '…'</c> literal: a date, optionally a time to at most 7 fraction digits.</summary>
    public static DateTime ParseTimestampLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DateTime.TryParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new QueryException($"'{(text.Length > 40 ? text[..40] + "…" : text)}' is not a timestamp (expected yyyy-MM-dd[ HH:mm:ss[.ffffff]])");
    }

    public static DateTime ParseTimestamp(string text) =>
        DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new QueryException($"'{text}' is not a timestamp");

    /// <summary>Arithmetic on two values; null when either is null or on integer or decimal <c>% 0</c> (as DuckDB).</summary>
    public static object? Arithmetic(BinaryOperator op, object? left, object? right)
    {
        var kind = ArithmeticKind(op, KindOf(left), KindOf(right));
        if (left is null || right is null)
        {
            return null;
        }
        return kind switch
        {
            ValueKind.BigInt => LongArithmetic(op, (long)left, (long)right),
            ValueKind.Numeric => DecimalArithmetic(op, ToDecimal(left), ToDecimal(right)),
            ValueKind.Float => FloatArithmetic(op, ToFloat(left), ToFloat(right)),
            _ => DoubleArithmetic(op, ToDouble(left), ToDouble(right)),
        };
    }

    public static long? LongArithmetic(BinaryOperator op, long a, long b)
    {
        try
        {
            return op switch
            {
                BinaryOperator.Add => checked(a + b),
                BinaryOperator.Subtract => checked(a - b),
                BinaryOperator.Multiply => checked(a * b),
                BinaryOperator.Modulo => b == 0 ? null : b == -1 ? 0 : a % b,
                _ => throw new QueryException("integer division has no BIGINT result"),
            };
        }
        catch (OverflowException)
        {
            throw new QueryException($"BIGINT overflow in {a} {ExprText.Symbol(op)} {b}");
        }
    }

    public static decimal? DecimalArithmetic(BinaryOperator op, decimal a, decimal b)
    {
        try
        {
            return op switch
            {
                BinaryOperator.Add => a + b,
                BinaryOperator.Subtract => a - b,
                BinaryOperator.Multiply => a * b,
                BinaryOperator.Modulo => b == 0 ? null : a % b,
                _ => b == 0 ? null : a / b,
            };
        }
        catch (OverflowException)
        {
            throw new QueryException($"DECIMAL overflow in {a} {ExprText.Symbol(op)} {b}");
        }
    }

    /// <summary>IEEE arithmetic, as DuckDB: <c>x / 0</c> is ±Infinity (NaN for 0 / 0), <c>x % 0</c> is NaN.</summary>
    public static double DoubleArithmetic(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Modulo => a % b,
        _ => a / b,
    };

    /// <summary>
    /// FLOAT arithmetic: computed in double and rounded once to float, which for + - * / gives exactly the
    /// float IEEE result (a double holds more than twice float's digits); IEEE at zero as <see cref="DoubleArithmetic"/>.
    /// </summary>
    public static float FloatArithmetic(BinaryOperator op, float a, float b) => op switch
    {
        BinaryOperator.Modulo => a % b,
        _ => (float)DoubleArithmetic(op, a, b),
    };

    /// <summary>Whether a comparison result (sign) satisfies a comparison operator.</summary>
    public static bool Satisfies(BinaryOperator op, int comparison) => op switch
    {
        BinaryOperator.Equal => comparison == 0,
        BinaryOperator.NotEqual => comparison != 0,
        BinaryOperator.Less => comparison < 0,
        BinaryOperator.LessOrEqual => comparison <= 0,
        BinaryOperator.Greater => comparison > 0,
        _ => comparison >= 0,
    };

    public static bool IsComparison(BinaryOperator op) =>
        op is BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
            or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual;

    /// <summary>The operator with its operands swapped: <c>5 &lt; x</c> is <c>x &gt; 5</c>.</summary>
    public static BinaryOperator Flip(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };
}
