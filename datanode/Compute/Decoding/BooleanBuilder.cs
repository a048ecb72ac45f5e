using DataLocal.Common.Parquet;

namespace DataLocal.DataNode.Compute.Decoding;

/// <summary>Booleans: PLAIN is one bit per value, least significant bit first.</summary>
internal sealed class BooleanBuilder(int rows, int maxDefinition) : ColumnBuilder(rows, maxDefinition)
{
    private readonly bool[] values = VectorBuffers.Rent<bool>(rows);
    private bool[]? dictionary;

    public override void SetDictionary(ReadOnlySpan<byte> plain, int count)
    {
        if (count < 0 || count > (long)plain.Length * 8)
        {
            throw new InvalidParquetException($"a dictionary page of {plain.Length} bytes cannot hold {count} booleans");
        }
        dictionary = new bool[count];
        Unpack(plain, dictionary);
    }

    public override void Add(bool dictionaryEncoded, ReadOnlySpan<byte> encoded, int count, ReadOnlySpan<int> levels)
    {
        var dense = new bool[DefinedCount(levels, count)];
        if (dictionaryEncoded)
        {
            var entries = dictionary ?? throw new InvalidParquetException("a dictionary-encoded page comes before any dictionary page");
            var indices = new int[dense.Length];
            ReadIndices(encoded, indices);
            for (var i = 0; i < indices.Length; i++)
            {
                dense[i] = (uint)indices[i] < (uint)entries.Length ? entries[indices[i]] : throw IndexOutside(indices[i], entries.Length);
            }
        }
        else
        {
            Unpack(encoded, dense);
        }
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            if (levels.IsEmpty || levels[i] == MaxDefinition)
            {
                values[Row + i] = dense[next++];
            }
            else
            {
                MarkNull(Row + i);
            }
        }
        Row += count;
    }

    protected override ColumnVector Build(bool[]? nulls) => ColumnVector.OfBools(values, nulls);

    private static void Unpack(ReadOnlySpan<byte> bits, Span<bool> output)
    {
        if (output.Length > (long)bits.Length * 8)
        {
            throw new InvalidParquetException($"a page holds {bits.Length} bytes, too few for {output.Length} booleans");
        }
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (bits[i >> 3] & (1 << (i & 7))) != 0;
        }
    }
}
