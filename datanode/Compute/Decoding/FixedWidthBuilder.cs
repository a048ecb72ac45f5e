using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using static DataLocal.DataNode.Compute.ValueConversions;

namespace DataLocal.DataNode.Compute.Decoding;

/// <summary>
/// Numbers and dates: PLAIN pages are little-endian <typeparamref name="TStored"/> values reinterpreted in
/// place; dictionary pages are converted once and each row is an index into them.
/// </summary>
internal sealed class FixedWidthBuilder<TStored, TOut, TConvert>(ValueKind kind, int rows, int maxDefinition)
    : ColumnBuilder(rows, maxDefinition)
    where TStored : unmanaged
    where TOut : unmanaged
    where TConvert : struct, IConvert<TStored, TOut>
{
    private readonly TOut[] values = VectorBuffers.Rent<TOut>(rows);
    private TOut[]? dictionary;

    public override void SetDictionary(ReadOnlySpan<byte> plain, int count)
    {
        var stored = Stored(plain, count);
        dictionary = new TOut[count];
        Convert(stored, dictionary);
    }

    // Hot loop, optimised at its first call: under tiered compilation a job's first pages ran it unoptimised
    // (5-10 % of a 10 M-row scan in perf), and the datanode runs without dynamic PGO, which that would forgo.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Add(bool dictionaryEncoded, ReadOnlySpan<byte> encoded, int count, ReadOnlySpan<int> levels)
    {
        var defined = DefinedCount(levels, count);
        TOut[]? rented = null;
        var dense = levels.IsEmpty ? values.AsSpan(Row, count) : (rented = TaskArrayPool<TOut>.Shared.Rent(defined)).AsSpan(0, defined);
        try
        {
            if (dictionaryEncoded)
            {
                Lookup(encoded, dense);
            }
            else
            {
                Convert(Stored(encoded, defined), dense);
            }
            if (!levels.IsEmpty)
            {
                var next = 0;
                for (var i = 0; i < count; i++)
                {
                    if (levels[i] == MaxDefinition)
                    {
                        values[Row + i] = dense[next++];
                    }
                    else
                    {
                        MarkNull(Row + i);
                    }
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                TaskArrayPool<TOut>.Shared.Return(rented);
            }
        }
        Row += count;
    }

    protected override ColumnVector Build(bool[]? nulls) => values switch
    {
        long[] longs => ColumnVector.OfLongs(kind, longs, nulls),
        double[] doubles => ColumnVector.OfDoubles(doubles, nulls),
        float[] floats => ColumnVector.OfFloats(floats, nulls),
        _ => throw new InvalidOperationException($"no vector holds {typeof(TOut).Name}"),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Lookup(ReadOnlySpan<byte> encoded, Span<TOut> dense)
    {
        var entries = dictionary ?? throw new InvalidParquetException("a dictionary-encoded page comes before any dictionary page");
        var indices = TaskArrayPool<int>.Shared.Rent(dense.Length);
        try
        {
            var span = indices.AsSpan(0, dense.Length);
            ReadIndices(encoded, span);
            for (var i = 0; i < span.Length; i++)
            {
                var index = span[i];
                if ((uint)index >= (uint)entries.Length)
                {
                    throw IndexOutside(index, entries.Length);
                }
                dense[i] = entries[index];
            }
        }
        finally
        {
            TaskArrayPool<int>.Shared.Return(indices);
        }
    }

    private static ReadOnlySpan<TStored> Stored(ReadOnlySpan<byte> plain, int count)
    {
        var stored = MemoryMarshal.Cast<byte, TStored>(plain);
        if (count < 0 || count > stored.Length)
        {
            throw new InvalidParquetException($"a page holds {plain.Length} bytes, too few for {count} values");
        }
        return stored[..count];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Convert(ReadOnlySpan<TStored> stored, Span<TOut> output)
    {
        if (typeof(TStored) == typeof(TOut))
        {
            MemoryMarshal.Cast<TStored, TOut>(stored).CopyTo(output);
            return;
        }
        for (var i = 0; i < stored.Length; i++)
        {
            output[i] = TConvert.Convert(stored[i]);
        }
    }
}
