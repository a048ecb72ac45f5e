using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>
/// Typing and coercion rules shared by the row evaluator (namenode) and the vectorised one (datanode), so a
/// value compares and computes the same wherever it is evaluated. Mixed numbers widen long → decimal →
/// double; a date compared with text compares as ISO text; <c>/</c> always divides as double (DuckDB).
/// </summary>
public static class SqlValues
{
    public static ValueKind KindOf(object? value) => value switch
    {
        null => ValueKind.Null,
        bool => ValueKind.Boolean,
        long => ValueKind.BigInt,
        double => ValueKind.Real,
        decimal => ValueKind.Numeric,
        string => ValueKind.Varchar,
        DateOnly => ValueKind.Date,
        DateTime => ValueKind.Timestamp,
        _ => throw new QueryException($"unsupported value type {value.GetType().Name}"),
    };

    public static bool IsNumeric(ValueKind kind) => kind is ValueKind.BigInt or ValueKind.Real or ValueKind.Numeric;

    /// <summary>The kind both sides of an arithmetic operator are widened to; the result kind except for <c>/</c>.</summary>
    public static ValueKind ArithmeticKind(BinaryOperator op, ValueKind left, ValueKind right)
    {
        if (!IsNumeric(left) && left != ValueKind.Null || !IsNumeric(right) && right != ValueKind.Null)
        {
            throw new QueryException(
                $"cannot apply {ExprText.Symbol(op)} to {left.ToString().ToUpperInvariant()} and {right.ToString().ToUpperInvariant()}");
        }
        if (op == BinaryOperator.Divide || left == ValueKind.Real || right == ValueKind.Real)
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
            ValueKind.Real => ToDouble(left).CompareTo(ToDouble(right)),
            ValueKind.Numeric => ToDecimal(left).CompareTo(ToDecimal(right)),
            ValueKind.BigInt => ((long)left).CompareTo((long)right),
            ValueKind.Varchar => string.CompareOrdinal((string)left, (string)right),
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

    public static double ToDouble(object value) => value switch
    {
        long l => l,
        double d => d,
        decimal m => (double)m,
        _ => throw new QueryException($"{KindOf(value).ToString().ToUpperInvariant()} is not a number"),
    };

    public static decimal ToDecimal(object value) => value switch
    {
        long l => l,
        decimal m => m,
        double d => (decimal)d,
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

    public static DateTime ParseTimestamp(string text) =>
        DateTime.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new QueryException($"'{text}' is not a timestamp");

    /// <summary>Arithmetic on two values; null when either is null or on division by zero (as DuckDB).</summary>
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

    public static double? DoubleArithmetic(BinaryOperator op, double a, double b) => op switch
    {
        BinaryOperator.Add => a + b,
        BinaryOperator.Subtract => a - b,
        BinaryOperator.Multiply => a * b,
        BinaryOperator.Modulo => b == 0 ? null : a % b,
        _ => b == 0 ? null : a / b,
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
