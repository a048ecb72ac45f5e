using System.Buffers;
using DataLocal.Common.Query;
using Parquet;
using Parquet.Schema;
using static DataLocal.DataNode.Compute.ValueConversions;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Reads one flat column of one row group into a <see cref="ColumnVector"/>. Parquet.Net 6's raw read packs
/// the non-null values at the start of the values buffer (one slot per row, the tail unused); the
/// definition levels say which rows they belong to, so values are scattered back to their rows here.
/// Temporary buffers come from the array pool, conversions are generic structs the JIT inlines (no delegate
/// per value), a required column whose type needs no conversion is read straight into its final array, and
/// text goes through a <see cref="StringInterner"/>. Given the rows a filter selected, text is turned into
/// strings only at those rows (late materialisation; the others hold "").
/// </summary>
internal static class ParquetColumnScanner
{
    /// <summary>The name a query uses for a field: its schema path joined with dots.</summary>
    public static string ColumnName(DataField field) => string.Join('.', field.Path.ToList());

    /// <summary>The kind <see cref="ReadAsync"/> gives the field's values; null when queries cannot read it.</summary>
    public static ValueKind? KindOf(DataField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var type = field.ClrType;
        if (field.MaxRepetitionLevel > 0)
        {
            return null;
        }
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte)
            || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint))
        {
            return ValueKind.BigInt;
        }
        return type == typeof(DateOnly) ? ValueKind.Date
            : type == typeof(DateTime) ? ValueKind.Timestamp
            : type == typeof(ulong) || type == typeof(decimal) ? ValueKind.Numeric
            : type == typeof(double) ? ValueKind.Real
            : type == typeof(float) ? ValueKind.Float
            : type == typeof(bool) ? ValueKind.Boolean
            : type == typeof(ReadOnlyMemory<char>) ? ValueKind.Varchar
            : null;
    }

    public static Task<ColumnVector> ReadAsync(
        ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken) =>
        ReadAsync(rowGroup, field, rows, null, cancellationToken);

    /// <param name="selected">Ascending rows whose text must be materialised; null for every row.</param>
    public static async Task<ColumnVector> ReadAsync(
        ParquetRowGroupReader rowGroup, DataField field, int rows, int[]? selected, CancellationToken cancellationToken)
    {
        if (field.MaxRepetitionLevel > 0)
        {
            throw new UnsupportedParquetException($"column '{ColumnName(field)}' is a repeated (list or map) column");
        }
        var type = field.ClrType;
        if (type == typeof(long))
        {
            var (values, nulls) = await ReadSameAsync<long>(rowGroup, field, rows, cancellationToken);
            return ColumnVector.OfLongs(ValueKind.BigInt, values, nulls);
        }
        if (type == typeof(double))
        {
            var (values, nulls) = await ReadSameAsync<double>(rowGroup, field, rows, cancellationToken);
            return ColumnVector.OfDoubles(values, nulls);
        }
        if (type == typeof(int))
        {
            return await ReadLongsAsync<int, IntToLong>(rowGroup, field, rows, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(short))
        {
            return await ReadLongsAsync<short, ShortToLong>(rowGroup, field, rows, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(sbyte))
        {
            return await ReadLongsAsync<sbyte, SByteToLong>(rowGroup, field, rows, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(byte))
        {
            return await ReadLongsAsync<byte, ByteToLong>(rowGroup, field, rows, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(ushort))
        {
            return await ReadLongsAsync<ushort, UShortToLong>(rowGroup, field, rows, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(uint))
        {
            return await ReadLongsAsync<uint, UIntToLong>(rowGroup, field, rows, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(DateOnly))
        {
            return await ReadLongsAsync<DateOnly, DayNumber>(rowGroup, field, rows, ValueKind.Date, cancellationToken);
        }
        if (type == typeof(DateTime))
        {
            return await ReadLongsAsync<DateTime, Ticks>(rowGroup, field, rows, ValueKind.Timestamp, cancellationToken);
        }
        if (type == typeof(ulong))
        {
            // UINT64 exceeds long; decimal keeps it (and its sums) exact.
            var (values, nulls) = await ReadAsync<ulong, decimal, ULongToDecimal>(rowGroup, field, rows, cancellationToken);
            return ColumnVector.OfDecimals(values, nulls);
        }
        if (type == typeof(decimal))
        {
            var (values, nulls) = await ReadSameAsync<decimal>(rowGroup, field, rows, cancellationToken);
            return ColumnVector.OfDecimals(values, nulls);
        }
        if (type == typeof(float))
        {
            var (values, nulls) = await ReadSameAsync<float>(rowGroup, field, rows, cancellationToken);
            return ColumnVector.OfFloats(values, nulls);
        }
        if (type == typeof(bool))
        {
            var (values, nulls) = await ReadSameAsync<bool>(rowGroup, field, rows, cancellationToken);
            return ColumnVector.OfBools(values, nulls);
        }
        if (type == typeof(ReadOnlyMemory<char>))
        {
            return await ReadStringsAsync(rowGroup, field, rows, selected, cancellationToken);
        }
        throw new UnsupportedParquetException($"column '{ColumnName(field)}' has type {type.Name}, which queries cannot use");
    }

    private static async Task<ColumnVector> ReadLongsAsync<TIn, TConvert>(
        ParquetRowGroupReader rowGroup, DataField field, int rows, ValueKind kind, CancellationToken cancellationToken)
        where TIn : struct
        where TConvert : struct, IConvert<TIn, long>
    {
        var (values, nulls) = await ReadAsync<TIn, long, TConvert>(rowGroup, field, rows, cancellationToken);
        return ColumnVector.OfLongs(kind, values, nulls);
    }

    // A column whose stored type is the vector's is decoded straight into the result; an optional one's values
    // are then moved to their rows in place, backwards (a value only ever moves to a later row).
    private static async Task<(T[] Values, bool[]? Nulls)> ReadSameAsync<T>(
        ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = VectorBuffers.Rent<T>(rows);
        var levels = TaskArrayPool<int>.Shared.Rent(rows);
        try
        {
            // Parquet.Net wants a levels buffer even for required columns; all their values are defined.
            await rowGroup.ReadRawAsync<T>(field, values, levels.AsMemory(0, rows), null, cancellationToken);
            var defined = field.MaxDefinitionLevel;
            if (defined == 0 || levels.AsSpan(0, rows).IndexOfAnyExcept(defined) < 0)
            {
                return (values, null);
            }
            var nulls = VectorBuffers.Rent<bool>(rows);
            var next = levels.AsSpan(0, rows).Count(defined) - 1;
            for (var i = rows - 1; i >= 0; i--)
            {
                if (levels[i] == defined)
                {
                    values[i] = values[next--];
                }
                else
                {
                    values[i] = default;
                    nulls[i] = true;
                }
            }
            return (values, nulls);
        }
        finally
        {
            TaskArrayPool<int>.Shared.Return(levels);
        }
    }

    private static async Task<(TOut[] Values, bool[]? Nulls)> ReadAsync<TIn, TOut, TConvert>(
        ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
        where TIn : struct
        where TConvert : struct, IConvert<TIn, TOut>
    {
        var packed = TaskArrayPool<TIn>.Shared.Rent(rows);
        var levels = TaskArrayPool<int>.Shared.Rent(rows);
        try
        {
            await rowGroup.ReadRawAsync<TIn>(field, packed.AsMemory(0, rows), levels.AsMemory(0, rows), null, cancellationToken);
            return Scatter<TIn, TOut, TConvert>(packed, levels, rows, field.MaxDefinitionLevel);
        }
        finally
        {
            TaskArrayPool<int>.Shared.Return(levels);
            TaskArrayPool<TIn>.Shared.Return(packed);
        }
    }

    private static (TOut[] Values, bool[]? Nulls) Scatter<TIn, TOut, TConvert>(TIn[] packed, int[] levels, int rows, int defined)
        where TConvert : struct, IConvert<TIn, TOut>
    {
        var values = VectorBuffers.Rent<TOut>(rows);
        // DuckDB and Spark write columns as optional even when no value is NULL: then no level needs checking.
        if (defined == 0 || levels.AsSpan(0, rows).IndexOfAnyExcept(defined) < 0)
        {
            for (var i = 0; i < rows; i++)
            {
                values[i] = TConvert.Convert(packed[i]);
            }
            return (values, null);
        }
        var nulls = VectorBuffers.Rent<bool>(rows);
        var next = 0;
        var anyNull = false;
        for (var i = 0; i < rows; i++)
        {
            if (levels[i] == defined)
            {
                values[i] = TConvert.Convert(packed[next++]);
            }
            else
            {
                nulls[i] = true;
                anyNull = true;
            }
        }
        return (values, anyNull ? nulls : null);
    }

    private static async Task<ColumnVector> ReadStringsAsync(
        ParquetRowGroupReader rowGroup, DataField field, int rows, int[]? selected, CancellationToken cancellationToken)
    {
        var packed = TaskArrayPool<ReadOnlyMemory<char>>.Shared.Rent(rows);
        var levels = TaskArrayPool<int>.Shared.Rent(rows);
        try
        {
            await rowGroup.ReadRawAsync<ReadOnlyMemory<char>>(field, packed.AsMemory(0, rows), levels.AsMemory(0, rows), null, cancellationToken);
            var (values, nulls) = ScatterStrings(packed, levels, rows, field.MaxDefinitionLevel, selected);
            return ColumnVector.OfStrings(values, nulls);
        }
        finally
        {
            TaskArrayPool<int>.Shared.Return(levels);
            TaskArrayPool<ReadOnlyMemory<char>>.Shared.Return(packed, clearArray: true);
        }
    }

    private static (string?[] Values, bool[]? Nulls) ScatterStrings(
        ReadOnlyMemory<char>[] packed, int[] levels, int rows, int defined, int[]? selected)
    {
        var values = VectorBuffers.Rent<string?>(rows);
        var interner = new StringInterner();
        bool[]? nulls = null;
        var next = 0;
        var wanted = 0;
        for (var i = 0; i < rows; i++)
        {
            if (defined > 0 && levels[i] != defined)
            {
                nulls ??= VectorBuffers.Rent<bool>(rows);
                nulls[i] = true;
                continue;
            }
            var value = packed[next++];
            if (selected is null)
            {
                values[i] = interner.Get(value.Span);
                continue;
            }
            while (wanted < selected.Length && selected[wanted] < i)
            {
                wanted++;
            }
            values[i] = wanted < selected.Length && selected[wanted] == i ? interner.Get(value.Span) : string.Empty;
        }
        return (values, nulls);
    }
}
