namespace DataLocal.DataNode.Compute;

/// <summary>
/// Gives equal text the same string instance while a column has few distinct values (flags, modes, codes, as
/// dictionary-encoded Parquet columns usually are), so decoding such a column allocates a handful of strings
/// per row group instead of one per row, and later equality checks (group keys, IN lists) hit the reference
/// fast path. Past <see cref="MaxEntries"/> distinct values the column is taken to be free text and it stops
/// looking values up, so high-cardinality columns pay only for the first few.
/// </summary>
internal sealed class StringInterner
{
    public const int MaxEntries = 1024;

    private readonly HashSet<string> known = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private bool gaveUp;

    public StringInterner() => lookup = known.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> chars)
    {
        if (gaveUp)
        {
            return new string(chars);
        }
        if (lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }
        var text = new string(chars);
        if (known.Count >= MaxEntries)
        {
            gaveUp = true;
        }
        else
        {
            known.Add(text);
        }
        return text;
    }
}
