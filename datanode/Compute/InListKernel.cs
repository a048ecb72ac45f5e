using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// <c>x IN (constants)</c> over a column vector: the column is converted once to each kind the items are
/// compared as, then each row costs one hash lookup per kind, however long the list (a linear scan of the
/// list per row made a 100,000-item list take minutes per block).
/// </summary>
internal static class InListKernel
{
    /// <summary>TRUE where the row's value is in the list, NULL where it is NULL or matches nothing and an item is NULL.</summary>
    public static ColumnVector Contains(InListSet set, ColumnVector value, int rows)
    {
        if (value.Kind == ValueKind.Null)
        {
            return ColumnVector.Constant(null, rows);
        }
        var found = VectorBuffers.Rent<bool>(rows);
        if (set.Reals is { } reals)
        {
            Probe(VectorKernels.ToDoubles(value), value.IsConstant, v => reals.Contains(InListSet.NormalizeZero(v)), found);
        }
        if (set.Floats is { } floats)
        {
            Probe(VectorKernels.ToFloats(value), value.IsConstant, v => floats.Contains(InListSet.NormalizeZero(v)), found);
        }
        if (set.Numerics is { } numerics)
        {
            Probe(VectorKernels.ToDecimals(value), value.IsConstant, numerics.Contains, found);
        }
        if (set.BigInts is { } bigInts)
        {
            Probe(value.Longs!, value.IsConstant, bigInts.Contains, found);
        }
        if (set.Booleans is { } booleans)
        {
            Probe(value.Bools!, value.IsConstant, booleans.Contains, found);
        }
        if (set.Strings is { } strings)
        {
            Probe(value.Strings!, value.IsConstant, s => s is not null && strings.Contains(s), found);
        }
        if (set.Days is { } days)
        {
            Probe(VectorKernels.ToDays(value), value.IsConstant, days.Contains, found);
        }
        if (set.Ticks is { } ticks)
        {
            Probe(VectorKernels.ToTicks(value), value.IsConstant, ticks.Contains, found);
        }
        bool[]? nulls = null;
        for (var i = 0; i < rows; i++)
        {
            if (value.IsNull(i) || (!found[i] && set.HasNull))
            {
                nulls ??= VectorBuffers.Rent<bool>(rows);
                nulls[i] = true;
                found[i] = false;
            }
        }
        return ColumnVector.OfBools(found, nulls);
    }

    private static void Probe<T>(T[] values, bool isConstant, Func<T, bool> contains, bool[] found)
    {
        for (var i = 0; i < found.Length; i++)
        {
            if (!found[i] && contains(values[isConstant ? 0 : i]))
            {
                found[i] = true;
            }
        }
    }
}
