using System.Runtime.CompilerServices;
using DataLocal.Common.Parquet;

namespace DataLocal.DataNode.Compute.Decoding;

/// <summary>
/// Collects one column chunk's pages into its row group's vector, row by row in page order. Each data page's
/// non-null values arrive densely; its definition levels (empty when the page holds no null) place them.
/// </summary>
internal abstract class ColumnBuilder(int rows, int maxDefinition)
{
    public int Rows => rows;

    /// <summary>The next row a page's first value belongs to.</summary>
    protected int Row { get; set; }

    public int RowsLeft => rows - Row;

    protected int MaxDefinition => maxDefinition;

    /// <summary>True where the value is NULL; null while none is.</summary>
    protected bool[]? Nulls { get; private set; }

    /// <summary>A dictionary page: <paramref name="count"/> PLAIN-encoded values.</summary>
    public abstract void SetDictionary(ReadOnlySpan<byte> plain, int count);

    /// <summary>
    /// A data page's <paramref name="count"/> rows: PLAIN values or, when <paramref name="dictionary"/>, a bit
    /// width byte and RLE/bit-packed indices into the dictionary.
    /// </summary>
    public abstract void Add(bool dictionary, ReadOnlySpan<byte> values, int count, ReadOnlySpan<int> levels);

    public ColumnVector Finish()
    {
        if (Row != rows)
        {
            throw new InvalidParquetException($"data pages hold {Row} values for {rows} rows");
        }
        return Build(Nulls);
    }

    protected abstract ColumnVector Build(bool[]? nulls);

    protected void MarkNull(int row)
    {
        Nulls ??= VectorBuffers.Rent<bool>(rows);
        Nulls[row] = true;
    }

    /// <summary>How many of a page's <paramref name="count"/> rows hold a value.</summary>
    protected int DefinedCount(ReadOnlySpan<int> levels, int count) => levels.IsEmpty ? count : levels.Count(maxDefinition);

    /// <summary>Reads a data page's dictionary indices: a bit width byte, then the RLE/bit-packed hybrid.</summary>
    // Hot loop, optimised at its first call: under tiered compilation a job's first pages ran it unoptimised
    // (5-10 % of a 10 M-row scan in perf), and the datanode runs without dynamic PGO, which that would forgo.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected static void ReadIndices(ReadOnlySpan<byte> values, Span<int> indices)
    {
        if (indices.IsEmpty)
        {
            return;
        }
        if (values.IsEmpty)
        {
            throw new InvalidParquetException("a dictionary-encoded page has no bit width");
        }
        new RleBitPackedReader(values[1..], values[0]).Read(indices);
    }

    protected static InvalidParquetException IndexOutside(int index, int count) =>
        new($"dictionary index {index} is outside the dictionary's {count} entries");
}
