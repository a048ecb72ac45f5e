using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>Scalar functions (<c>round</c>, <c>abs</c>) over a vector, with the per-value rules of <see cref="SqlFunctions"/>.</summary>
internal static class VectorFunctions
{
    public static ColumnVector Apply(FunctionExpr function, ColumnVector argument, int rows)
    {
        var round = function.Name == "round";
        var digits = round ? SqlFunctions.RoundDigits(function) : 0;
        var nulls = argument.Nulls is null ? null : Expand(argument, rows);
        switch (argument.Kind)
        {
            case ValueKind.Null:
                return argument;
            case ValueKind.BigInt:
                return ColumnVector.OfLongs(ValueKind.BigInt, Map(argument.Longs!, argument.IsConstant, rows,
                    v => round ? SqlFunctions.RoundLong(v, digits) : v == long.MinValue ? throw new QueryException("BIGINT overflow in abs") : Math.Abs(v)), nulls);
            case ValueKind.Numeric:
                return ColumnVector.OfDecimals(Map(argument.Decimals!, argument.IsConstant, rows,
                    v => round ? SqlFunctions.RoundDecimal(v, digits) : Math.Abs(v)), nulls);
            case ValueKind.Real:
                return ColumnVector.OfDoubles(Map(argument.Doubles!, argument.IsConstant, rows,
                    v => round ? SqlFunctions.RoundDouble(v, digits) : Math.Abs(v)), nulls);
            case ValueKind.Float:
                return ColumnVector.OfFloats(Map(argument.Floats!, argument.IsConstant, rows,
                    v => round ? SqlFunctions.RoundFloat(v, digits) : Math.Abs(v)), nulls);
            default:
                throw new QueryException($"{function.Name} needs a number, not {argument.Kind.ToString().ToUpperInvariant()}");
        }
    }

    private static T[] Map<T>(T[] values, bool constant, int rows, Func<T, T> map)
    {
        var result = VectorBuffers.Rent<T>(rows);
        for (var i = 0; i < rows; i++)
        {
            result[i] = map(values[constant ? 0 : i]);
        }
        return result;
    }

    private static bool[] Expand(ColumnVector vector, int rows)
    {
        var nulls = VectorBuffers.Rent<bool>(rows);
        for (var i = 0; i < rows; i++)
        {
            nulls[i] = vector.IsNull(i);
        }
        return nulls;
    }
}
