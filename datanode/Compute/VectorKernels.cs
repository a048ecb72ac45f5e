using System.Numerics;
using System.Runtime.CompilerServices;
using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Typed loops for comparisons and arithmetic over whole column vectors, with the coercions of
/// <see cref="SqlValues"/>: each operator converts both sides once to a common representation, then runs
/// one tight loop; NULL propagates through the combined null masks.
/// </summary>
internal static class VectorKernels
{
    public static ColumnVector Compare(BinaryOperator op, ColumnVector left, ColumnVector right, int rows)
    {
        if (left.Kind == ValueKind.Null || right.Kind == ValueKind.Null)
        {
            return ColumnVector.Constant(null, rows);
        }
        var kind = SqlValues.ComparisonKind(left.Kind, right.Kind);
        var result = VectorBuffers.Rent<bool>(rows);
        var nulls = CombineNulls(left, right, rows);
        switch (kind)
        {
            case ValueKind.Real:
                DoubleLoop(ToDoubles(left), left.IsConstant, ToDoubles(right), right.IsConstant, op, result);
                break;
            case ValueKind.Float:
                FloatLoop(ToFloats(left), left.IsConstant, ToFloats(right), right.IsConstant, op, result);
                break;
            case ValueKind.Numeric:
                Loop(ToDecimals(left), left.IsConstant, ToDecimals(right), right.IsConstant, op, result);
                break;
            case ValueKind.BigInt:
                Loop(left.Longs!, left.IsConstant, right.Longs!, right.IsConstant, op, result);
                break;
            case ValueKind.Boolean:
                Loop(left.Bools!, left.IsConstant, right.Bools!, right.IsConstant, op, result);
                break;
            case ValueKind.Date:
                Loop(ToDays(left), left.IsConstant, ToDays(right), right.IsConstant, op, result);
                break;
            case ValueKind.Timestamp:
                Loop(ToTicks(left), left.IsConstant, ToTicks(right), right.IsConstant, op, result);
                break;
            default:
                if (!DictionaryStringLoop(left, right, op, result))
                {
                    StringLoop(left.Strings!, left.IsConstant, right.Strings!, right.IsConstant, op, result);
                }
                break;
        }
        return ColumnVector.OfBools(result, nulls);
    }

    public static ColumnVector Arithmetic(BinaryOperator op, ColumnVector left, ColumnVector right, int rows)
    {
        var kind = SqlValues.ArithmeticKind(op, left.Kind, right.Kind);
        if (left.Kind == ValueKind.Null || right.Kind == ValueKind.Null)
        {
            return ColumnVector.Constant(null, rows);
        }
        // DOUBLE and FLOAT results are NULL exactly where an input is; integer and decimal ones also where the
        // operation has no value (overflow, division by zero), so only they need a mask of their own.
        var inputNulls = CombineNulls(left, right, rows);
        var nulls = inputNulls ?? (kind is ValueKind.BigInt or ValueKind.Numeric ? VectorBuffers.Rent<bool>(rows) : null);
        ColumnVector result;
        switch (kind)
        {
            case ValueKind.BigInt:
            {
                var x = left.Longs!;
                var y = right.Longs!;
                var values = VectorBuffers.Rent<long>(rows);
                for (var i = 0; i < rows; i++)
                {
                    if (!nulls![i])
                    {
                        var value = SqlValues.LongArithmetic(op, x[left.IsConstant ? 0 : i], y[right.IsConstant ? 0 : i]);
                        values[i] = value.GetValueOrDefault();
                        nulls[i] = value is null;
                    }
                }
                result = ColumnVector.OfLongs(ValueKind.BigInt, values, nulls);
                break;
            }
            case ValueKind.Numeric:
            {
                var x = ToDecimals(left);
                var y = ToDecimals(right);
                var values = VectorBuffers.Rent<decimal>(rows);
                for (var i = 0; i < rows; i++)
                {
                    if (!nulls![i])
                    {
                        var value = SqlValues.DecimalArithmetic(op, x[left.IsConstant ? 0 : i], y[right.IsConstant ? 0 : i]);
                        values[i] = value.GetValueOrDefault();
                        nulls[i] = value is null;
                    }
                }
                result = ColumnVector.OfDecimals(values, nulls);
                break;
            }
            case ValueKind.Float:
            {
                var x = ToFloats(left);
                var y = ToFloats(right);
                var values = VectorBuffers.Rent<float>(rows);
                for (var i = 0; i < rows; i++)
                {
                    values[i] = SqlValues.FloatArithmetic(op, x[left.IsConstant ? 0 : i], y[right.IsConstant ? 0 : i]);
                }
                result = ColumnVector.OfFloats(values, nulls);
                break;
            }
            default:
                result = ColumnVector.OfDoubles(DoubleArithmetic(op, left, right, rows), nulls);
                break;
        }
        return result;
    }

    // One loop per operator and shape (column with column, column with constant), so the operator is chosen
    // once per vector and the loop vectorises; the results are SqlValues.DoubleArithmetic's.
    private static double[] DoubleArithmetic(BinaryOperator op, ColumnVector left, ColumnVector right, int rows)
    {
        var x = ToDoubles(left);
        var y = ToDoubles(right);
        var values = VectorBuffers.Rent<double>(rows);
        if (op is BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide
            && rows > 0 && !(left.IsConstant && right.IsConstant))
        {
            DoubleLoops.Apply(op, x, left.IsConstant, y, right.IsConstant, values);
            return values;
        }
        for (var i = 0; i < rows; i++)
        {
            values[i] = SqlValues.DoubleArithmetic(op, x[left.IsConstant ? 0 : i], y[right.IsConstant ? 0 : i]);
        }
        return values;
    }

    /// <summary>The union of two null masks, expanded to <paramref name="rows"/>; null when neither side has nulls.</summary>
    public static bool[]? CombineNulls(ColumnVector left, ColumnVector right, int rows)
    {
        if (left.Nulls is null && right.Nulls is null)
        {
            return null;
        }
        var nulls = VectorBuffers.Rent<bool>(rows);
        for (var i = 0; i < rows; i++)
        {
            nulls[i] = left.IsNull(i) || right.IsNull(i);
        }
        return nulls;
    }

    public static double[] ToDoubles(ColumnVector vector) => vector.Kind switch
    {
        ValueKind.Real => vector.Doubles!,
        ValueKind.Float => Array.ConvertAll(vector.Floats!, v => (double)v),
        ValueKind.BigInt => Array.ConvertAll(vector.Longs!, v => (double)v),
        ValueKind.Numeric => Array.ConvertAll(vector.Decimals!, SqlValues.DecimalToDouble),
        _ => throw new QueryException($"{vector.Kind.ToString().ToUpperInvariant()} is not a number"),
    };

    public static float[] ToFloats(ColumnVector vector) => vector.Kind switch
    {
        ValueKind.Float => vector.Floats!,
        ValueKind.Real => Array.ConvertAll(vector.Doubles!, v => (float)v),
        ValueKind.BigInt => Array.ConvertAll(vector.Longs!, v => (float)v),
        ValueKind.Numeric => Array.ConvertAll(vector.Decimals!, SqlValues.DecimalToFloat),
        _ => throw new QueryException($"{vector.Kind.ToString().ToUpperInvariant()} is not a number"),
    };

    public static decimal[] ToDecimals(ColumnVector vector)
    {
        try
        {
            return vector.Kind switch
            {
                ValueKind.Numeric => vector.Decimals!,
                ValueKind.BigInt => Array.ConvertAll(vector.Longs!, v => (decimal)v),
                ValueKind.Real => Array.ConvertAll(vector.Doubles!, v => double.IsFinite(v) ? (decimal)v : 0m),
                ValueKind.Float => Array.ConvertAll(vector.Floats!, v => float.IsFinite(v) ? (decimal)v : 0m),
                _ => throw new QueryException($"{vector.Kind.ToString().ToUpperInvariant()} is not a number"),
            };
        }
        catch (OverflowException)
        {
            throw new QueryException("a DOUBLE value is out of DECIMAL range");
        }
    }

    // Text compared with a date is read as a date (the usual case: a constant '1995-01-01').
    public static long[] ToDays(ColumnVector vector) => vector.Kind == ValueKind.Date
        ? vector.Longs!
        : ConvertStrings(vector, s => SqlValues.ParseDate(s).DayNumber);

    public static long[] ToTicks(ColumnVector vector) => vector.Kind switch
    {
        ValueKind.Timestamp => vector.Longs!,
        ValueKind.Date => Array.ConvertAll(vector.Longs!, d => DateOnly.FromDayNumber((int)d).ToDateTime(TimeOnly.MinValue).Ticks),
        _ => ConvertStrings(vector, s => SqlValues.ParseTimestamp(s).Ticks),
    };

    private static long[] ConvertStrings(ColumnVector vector, Func<string, long> convert)
    {
        var strings = vector.Strings!;
        var result = VectorBuffers.Rent<long>(strings.Length);
        for (var i = 0; i < strings.Length; i++)
        {
            if (strings[i] is { } s && !vector.IsNull(i))
            {
                result[i] = convert(s);
            }
        }
        return result;
    }

    private static void Loop<T>(T[] x, bool xConstant, T[] y, bool yConstant, BinaryOperator op, bool[] result)
        where T : IComparisonOperators<T, T, bool>, IEquatable<T>
    {
        // A column against a constant (l_quantity < 24), the usual filter: one tight loop per operator.
        if (!xConstant && yConstant)
        {
            ColumnAgainstConstant(x, y[0], op, result);
            return;
        }
        if (xConstant && !yConstant)
        {
            ColumnAgainstConstant(y, x[0], Mirrored(op), result);
            return;
        }
        for (var i = 0; i < result.Length; i++)
        {
            var a = x[xConstant ? 0 : i];
            var b = y[yConstant ? 0 : i];
            result[i] = op switch
            {
                BinaryOperator.Equal => a == b,
                BinaryOperator.NotEqual => a != b,
                BinaryOperator.Less => a < b,
                BinaryOperator.LessOrEqual => a <= b,
                BinaryOperator.Greater => a > b,
                _ => a >= b,
            };
        }
    }

    // The operator's switch is outside the loops: inside, it was evaluated per row (a third of Q6's filter time).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnAgainstConstant<T>(T[] column, T constant, BinaryOperator op, bool[] result)
        where T : IComparisonOperators<T, T, bool>, IEquatable<T>
    {
        var x = column.AsSpan(0, result.Length);
        var r = result.AsSpan(0, x.Length);
        switch (op)
        {
            case BinaryOperator.Equal:
                for (var i = 0; i < x.Length; i++) { r[i] = x[i] == constant; }
                break;
            case BinaryOperator.NotEqual:
                for (var i = 0; i < x.Length; i++) { r[i] = x[i] != constant; }
                break;
            case BinaryOperator.Less:
                for (var i = 0; i < x.Length; i++) { r[i] = x[i] < constant; }
                break;
            case BinaryOperator.LessOrEqual:
                for (var i = 0; i < x.Length; i++) { r[i] = x[i] <= constant; }
                break;
            case BinaryOperator.Greater:
                for (var i = 0; i < x.Length; i++) { r[i] = x[i] > constant; }
                break;
            default:
                for (var i = 0; i < x.Length; i++) { r[i] = x[i] >= constant; }
                break;
        }
    }

    /// <summary>The operator with its operands swapped: <c>5 &lt; x</c> is <c>x &gt; 5</c>.</summary>
    private static BinaryOperator Mirrored(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };

    // Doubles in DuckDB's order: NaN equals NaN and is above every number. Without NaN that is the IEEE
    // operators' order (-0 equals 0 in both), so the plain loop runs unless a side holds a NaN.
    private static void DoubleLoop(double[] x, bool xConstant, double[] y, bool yConstant, BinaryOperator op, bool[] result)
    {
        if (!HasNaN(x) && !HasNaN(y))
        {
            Loop(x, xConstant, y, yConstant, op, result);
            return;
        }
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SqlValues.Satisfies(op, SqlValues.CompareDoubles(x[xConstant ? 0 : i], y[yConstant ? 0 : i]));
        }
    }

    private static void FloatLoop(float[] x, bool xConstant, float[] y, bool yConstant, BinaryOperator op, bool[] result)
    {
        if (!HasNaN(x) && !HasNaN(y))
        {
            Loop(x, xConstant, y, yConstant, op, result);
            return;
        }
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SqlValues.Satisfies(op, SqlValues.CompareFloats(x[xConstant ? 0 : i], y[yConstant ? 0 : i]));
        }
    }

    // NaN is the only value not equal to itself.
    private static bool HasNaN<T>(T[] values)
        where T : IFloatingPointIeee754<T>
    {
        foreach (var value in values)
        {
            if (T.IsNaN(value))
            {
                return true;
            }
        }
        return false;
    }

    private static void Loop(bool[] x, bool xConstant, bool[] y, bool yConstant, BinaryOperator op, bool[] result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SqlValues.Satisfies(op, x[xConstant ? 0 : i].CompareTo(y[yConstant ? 0 : i]));
        }
    }

    // Dictionary-encoded text against a constant (l_shipmode = 'AIR'): compared once per dictionary entry, then
    // each row takes its entry's answer. False when neither side has that shape.
    private static bool DictionaryStringLoop(ColumnVector left, ColumnVector right, BinaryOperator op, bool[] result)
    {
        var (column, constant, columnOnLeft) = left.DictionaryIndices is not null && right.IsConstant ? (left, right.Strings![0], true)
            : right.DictionaryIndices is not null && left.IsConstant ? (right, left.Strings![0], false)
            : (null, null, false);
        if (column is null || column.Dictionary!.Length == 0)
        {
            return false;
        }
        var dictionary = column.Dictionary;
        var answers = new bool[dictionary.Length];
        for (var e = 0; e < answers.Length; e++)
        {
            answers[e] = SqlValues.Satisfies(op, columnOnLeft ? Utf8Order.Compare(dictionary[e], constant) : Utf8Order.Compare(constant, dictionary[e]));
        }
        var indices = column.DictionaryIndices!;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = answers[indices[i]];
        }
        return true;
    }

    private static void StringLoop(string?[] x, bool xConstant, string?[] y, bool yConstant, BinaryOperator op, bool[] result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = SqlValues.Satisfies(op, Utf8Order.Compare(x[xConstant ? 0 : i], y[yConstant ? 0 : i]));
        }
    }
}
