using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using DataLocal.Common.Parquet;
using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute.Decoding;

/// <summary>
/// UTF-8 text. A dictionary's entries become strings once per chunk and rows share them, which also lets
/// GROUP BY and IN compare by reference. PLAIN values (length-prefixed) go through a
/// <see cref="StringInterner"/>, and given the rows a filter selected, only those become strings (late
/// materialisation; the others hold "").
/// </summary>
internal sealed class TextBuilder(int rows, int maxDefinition, int[]? selected) : ColumnBuilder(rows, maxDefinition)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly string?[] values = VectorBuffers.Rent<string?>(rows);
    private readonly StringInterner interner = new();
    private string[]? dictionary;
    private int dictionaryPages;
    private bool plainPages;
    private int[]? indices;
    private char[] characters = [];
    private int wanted;

    public override void SetDictionary(ReadOnlySpan<byte> plain, int count)
    {
        if (count < 0 || count > plain.Length / 4)
        {
            throw new InvalidParquetException($"a dictionary page of {plain.Length} bytes cannot hold {count} strings");
        }
        var entries = new string[count];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            entries[i] = Utf8.GetString(Next(plain, ref position));
        }
        dictionary = entries;
        dictionaryPages++;
    }

    public override void Add(bool dictionaryEncoded, ReadOnlySpan<byte> encoded, int count, ReadOnlySpan<int> levels)
    {
        if (dictionaryEncoded)
        {
            AddIndices(encoded, count, levels);
        }
        else
        {
            AddPlain(encoded, count, levels);
        }
        Row += count;
    }

    // Rows that all came from the chunk's one dictionary keep their indices (see ColumnVector.DictionaryIndices).
    protected override ColumnVector Build(bool[]? nulls) =>
        indices is not null && !plainPages && dictionaryPages == 1
            ? ColumnVector.OfDictionaryText(values, nulls, indices, dictionary!)
            : ColumnVector.OfStrings(values, nulls);

    // Hot loop, optimised at its first call: under tiered compilation a job's first pages ran it unoptimised
    // (5-10 % of a 10 M-row scan in perf), and the datanode runs without dynamic PGO, which that would forgo.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddIndices(ReadOnlySpan<byte> encoded, int count, ReadOnlySpan<int> levels)
    {
        var entries = dictionary ?? throw new InvalidParquetException("a dictionary-encoded page comes before any dictionary page");
        var defined = DefinedCount(levels, count);
        var rowIndices = this.indices ??= VectorBuffers.Rent<int>(values.Length);
        var indices = TaskArrayPool<int>.Shared.Rent(defined);
        try
        {
            ReadIndices(encoded, indices.AsSpan(0, defined));
            var next = 0;
            for (var i = 0; i < count; i++)
            {
                if (!levels.IsEmpty && levels[i] != MaxDefinition)
                {
                    MarkNull(Row + i);
                    continue;
                }
                var index = indices[next++];
                values[Row + i] = (uint)index < (uint)entries.Length ? entries[index] : throw IndexOutside(index, entries.Length);
                rowIndices[Row + i] = index;
            }
        }
        finally
        {
            TaskArrayPool<int>.Shared.Return(indices);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddPlain(ReadOnlySpan<byte> encoded, int count, ReadOnlySpan<int> levels)
    {
        plainPages = true;
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            var row = Row + i;
            if (!levels.IsEmpty && levels[i] != MaxDefinition)
            {
                MarkNull(row);
                continue;
            }
            var bytes = Next(encoded, ref position);
            values[row] = IsWanted(row) ? Intern(bytes) : string.Empty;
        }
    }

    private bool IsWanted(int row)
    {
        if (selected is null)
        {
            return true;
        }
        while (wanted < selected.Length && selected[wanted] < row)
        {
            wanted++;
        }
        return wanted < selected.Length && selected[wanted] == row;
    }

    private string Intern(ReadOnlySpan<byte> utf8)
    {
        var most = Utf8.GetMaxCharCount(utf8.Length);
        if (characters.Length < most)
        {
            characters = new char[Math.Max(most, 256)];
        }
        var length = Utf8.GetChars(utf8, characters);
        return interner.Get(characters.AsSpan(0, length));
    }

    // A PLAIN BYTE_ARRAY: a 4-byte little-endian length, then the bytes.
    private static ReadOnlySpan<byte> Next(ReadOnlySpan<byte> plain, ref int position)
    {
        if (plain.Length - position < 4)
        {
            throw new InvalidParquetException("a text value's length is cut short");
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(plain[position..]);
        position += 4;
        if (length < 0 || length > plain.Length - position)
        {
            throw new InvalidParquetException($"a text value of {length} bytes runs past its page");
        }
        var value = plain.Slice(position, length);
        position += length;
        return value;
    }
}
