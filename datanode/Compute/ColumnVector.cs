using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// A typed column of values with a null mask, or a constant broadcast to every row. Integers, dates (day
/// number) and timestamps (ticks) live in <see cref="Longs"/>; the other kinds in their own array. Values at
/// null positions are unspecified. Arrays of a constant hold one element.
/// </summary>
internal sealed class ColumnVector
{
    private ColumnVector(ValueKind kind, int length, bool isConstant, bool[]? nulls)
    {
        Kind = kind;
        Length = length;
        IsConstant = isConstant;
        Nulls = nulls;
    }

    public ValueKind Kind { get; }

    public int Length { get; }

    public bool IsConstant { get; }

    /// <summary>True where the value is NULL; null when no value is.</summary>
    public bool[]? Nulls { get; }

    public long[]? Longs { get; private init; }

    public double[]? Doubles { get; private init; }

    public float[]? Floats { get; private init; }

    public decimal[]? Decimals { get; private init; }

    public string?[]? Strings { get; private init; }

    public bool[]? Bools { get; private init; }

    /// <summary>
    /// For text decoded from one Parquet dictionary: each row's index into <see cref="Dictionary"/>
    /// (<see cref="Strings"/> holds the same values). Lets GROUP BY code rows by index and comparisons evaluate
    /// once per dictionary entry instead of once per row. Null when the values did not all come from one dictionary.
    /// </summary>
    public int[]? DictionaryIndices { get; private init; }

    /// <summary>The dictionary <see cref="DictionaryIndices"/> point into.</summary>
    public string[]? Dictionary { get; private init; }

    public bool IsNull(int row) => Nulls is not null && Nulls[IsConstant ? 0 : row];

    public static ColumnVector OfLongs(ValueKind kind, long[] values, bool[]? nulls, bool constant = false) =>
        new(kind, values.Length, constant, nulls) { Longs = values };

    public static ColumnVector OfDoubles(double[] values, bool[]? nulls, bool constant = false) =>
        new(ValueKind.Real, values.Length, constant, nulls) { Doubles = values };

    public static ColumnVector OfFloats(float[] values, bool[]? nulls, bool constant = false) =>
        new(ValueKind.Float, values.Length, constant, nulls) { Floats = values };

    public static ColumnVector OfDecimals(decimal[] values, bool[]? nulls, bool constant = false) =>
        new(ValueKind.Numeric, values.Length, constant, nulls) { Decimals = values };

    public static ColumnVector OfStrings(string?[] values, bool[]? nulls, bool constant = false) =>
        new(ValueKind.Varchar, values.Length, constant, nulls) { Strings = values };

    /// <summary>Text whose every non-null row is an entry of <paramref name="dictionary"/>, at <paramref name="indices"/>.</summary>
    public static ColumnVector OfDictionaryText(string?[] values, bool[]? nulls, int[] indices, string[] dictionary) =>
        new(ValueKind.Varchar, values.Length, false, nulls) { Strings = values, DictionaryIndices = indices, Dictionary = dictionary };

    public static ColumnVector OfBools(bool[] values, bool[]? nulls, bool constant = false) =>
        new(ValueKind.Boolean, values.Length, constant, nulls) { Bools = values };

    /// <summary>A constant of <paramref name="length"/> logical rows.</summary>
    public static ColumnVector Constant(object? value, int length)
    {
        ColumnVector vector = value switch
        {
            null => new ColumnVector(ValueKind.Null, 1, true, [true]),
            bool b => OfBools([b], null, true),
            long l => OfLongs(ValueKind.BigInt, [l], null, true),
            double d => OfDoubles([d], null, true),
            float f => OfFloats([f], null, true),
            decimal m => OfDecimals([m], null, true),
            string s => OfStrings([s], null, true),
            DateOnly date => OfLongs(ValueKind.Date, [date.DayNumber], null, true),
            DateTime time => OfLongs(ValueKind.Timestamp, [time.Ticks], null, true),
            _ => throw new QueryException($"unsupported constant {value}"),
        };
        return new ColumnVector(vector.Kind, length, true, vector.Nulls)
        {
            Longs = vector.Longs,
            Doubles = vector.Doubles,
            Floats = vector.Floats,
            Decimals = vector.Decimals,
            Strings = vector.Strings,
            Bools = vector.Bools,
        };
    }

    /// <summary>The value at <paramref name="row"/>, boxed (for output rows, group keys and min/max of text).</summary>
    public object? GetValue(int row)
    {
        var i = IsConstant ? 0 : row;
        if (Nulls is not null && Nulls[i])
        {
            return null;
        }
        return Kind switch
        {
            ValueKind.Null => null,
            ValueKind.Boolean => Bools![i],
            ValueKind.BigInt => Longs![i],
            ValueKind.Real => Doubles![i],
            ValueKind.Float => Floats![i],
            ValueKind.Numeric => Decimals![i],
            ValueKind.Varchar => Strings![i],
            ValueKind.Date => DateOnly.FromDayNumber((int)Longs![i]),
            _ => new DateTime(Longs![i], DateTimeKind.Unspecified),
        };
    }
}
