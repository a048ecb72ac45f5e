using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Numbers one GROUP BY key column's values within a batch with a typed dictionary (no boxing per row): equal
/// codes mean equal values, and 0 is NULL. Text is keyed by reference — the scanner interns low-cardinality
/// text, so equal strings are usually one instance; when they are not they get different codes, which is
/// still correct because codes are resolved to groups by value once per distinct code (see
/// <see cref="BlockAggregator"/>).
/// </summary>
internal static class GroupKeyCodes
{
    /// <summary>Writes each selected row's code to <paramref name="codes"/>; returns how many codes there are (NULL included).</summary>
    public static int Encode(ColumnVector column, int[] selected, int[] codes)
    {
        switch (column.Kind)
        {
            case ValueKind.BigInt or ValueKind.Date or ValueKind.Timestamp:
                return Encode(column.Longs!, column, selected, codes, EqualityComparer<long>.Default);
            case ValueKind.Real:
                return Encode(column.Doubles!, column, selected, codes, EqualityComparer<double>.Default);
            case ValueKind.Varchar when column.DictionaryIndices is { } dictionaryIndices:
                return EncodeDictionary(dictionaryIndices, column.Dictionary!.Length, column, selected, codes);
            case ValueKind.Varchar:
                return Encode<string>((string[])column.Strings!, column, selected, codes, ReferenceEqualityComparer.Instance!);
            default:
                return EncodeBoxed(column, selected, codes);
        }
    }

    // Text from one dictionary: a row's code is its index (plus one, 0 being NULL), no lookup. Equal entries
    // at two indices get two codes, which the by-value resolution of codes to groups makes right.
    private static int EncodeDictionary(int[] indices, int entries, ColumnVector column, int[] selected, int[] codes)
    {
        for (var r = 0; r < selected.Length; r++)
        {
            var row = selected[r];
            codes[r] = column.IsNull(row) ? 0 : indices[row] + 1;
        }
        return entries + 1;
    }

    // Rare key kinds (booleans, decimals, floats): their boxed values.
    private static int EncodeBoxed(ColumnVector column, int[] selected, int[] codes)
    {
        var seen = new Dictionary<object, int>();
        for (var r = 0; r < selected.Length; r++)
        {
            if (column.GetValue(selected[r]) is not { } value)
            {
                codes[r] = 0;
                continue;
            }
            if (!seen.TryGetValue(value, out var code))
            {
                code = seen.Count + 1;
                seen[value] = code;
            }
            codes[r] = code;
        }
        return seen.Count + 1;
    }

    private static int Encode<T>(T[] values, ColumnVector column, int[] selected, int[] codes, IEqualityComparer<T> comparer)
        where T : notnull
    {
        var seen = new Dictionary<T, int>(comparer);
        var constant = column.IsConstant;
        for (var r = 0; r < selected.Length; r++)
        {
            var row = selected[r];
            if (column.IsNull(row))
            {
                codes[r] = 0;
                continue;
            }
            var value = values[constant ? 0 : row];
            if (!seen.TryGetValue(value, out var code))
            {
                code = seen.Count + 1;
                seen[value] = code;
            }
            codes[r] = code;
        }
        return seen.Count + 1;
    }
}
