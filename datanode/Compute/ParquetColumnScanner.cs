using DataLocal.Common.Query;
using Parquet;
using Parquet.Schema;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Reads one flat column of one row group into a <see cref="ColumnVector"/>. Parquet.Net 6's raw read packs
/// the non-null values at the start of the values buffer (one slot per row, the tail unused); the
/// definition levels say which rows they belong to, so values are scattered back to their rows here.
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

    public static async Task<ColumnVector> ReadAsync(
        ParquetRowGroupReader rowGroup, DataField field, int rows, CancellationToken cancellationToken)
    {
        if (field.MaxRepetitionLevel > 0)
        {
            throw new UnsupportedParquetException($"column '{ColumnName(field)}' is a repeated (list or map) column");
        }
        // Parquet.Net wants a levels buffer even for required columns; all their values are defined.
        var levels = new int[rows];
        var type = field.ClrType;
        if (type == typeof(int))
        {
            return await ReadLongsAsync<int>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(long))
        {
            return await ReadLongsAsync<long>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(short))
        {
            return await ReadLongsAsync<short>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(sbyte))
        {
            return await ReadLongsAsync<sbyte>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(byte))
        {
            return await ReadLongsAsync<byte>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(ushort))
        {
            return await ReadLongsAsync<ushort>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(uint))
        {
            return await ReadLongsAsync<uint>(rowGroup, field, rows, levels, v => v, ValueKind.BigInt, cancellationToken);
        }
        if (type == typeof(DateOnly))
        {
            return await ReadLongsAsync<DateOnly>(rowGroup, field, rows, levels, v => v.DayNumber, ValueKind.Date, cancellationToken);
        }
        if (type == typeof(DateTime))
        {
            return await ReadLongsAsync<DateTime>(rowGroup, field, rows, levels, v => v.Ticks, ValueKind.Timestamp, cancellationToken);
        }
        if (type == typeof(ulong))
        {
            // UINT64 exceeds long; decimal keeps it (and its sums) exact.
            var (values, nulls) = await ReadAsync<ulong, decimal>(rowGroup, field, rows, levels, v => v, cancellationToken);
            return ColumnVector.OfDecimals(values, nulls);
        }
        if (type == typeof(decimal))
        {
            var (values, nulls) = await ReadAsync<decimal, decimal>(rowGroup, field, rows, levels, v => v, cancellationToken);
            return ColumnVector.OfDecimals(values, nulls);
        }
        if (type == typeof(double))
        {
            var (values, nulls) = await ReadAsync<double, double>(rowGroup, field, rows, levels, v => v, cancellationToken);
            return ColumnVector.OfDoubles(values, nulls);
        }
        if (type == typeof(float))
        {
            var (values, nulls) = await ReadAsync<float, float>(rowGroup, field, rows, levels, v => v, cancellationToken);
            return ColumnVector.OfFloats(values, nulls);
        }
        if (type == typeof(bool))
        {
            var (values, nulls) = await ReadAsync<bool, bool>(rowGroup, field, rows, levels, v => v, cancellationToken);
            return ColumnVector.OfBools(values, nulls);
        }
        if (type == typeof(ReadOnlyMemory<char>))
        {
            var (values, nulls) = await ReadAsync<ReadOnlyMemory<char>, string?>(rowGroup, field, rows, levels, v => v.ToString(), cancellationToken);
            return ColumnVector.OfStrings(values, nulls);
        }
        throw new UnsupportedParquetException($"column '{ColumnName(field)}' has type {type.Name}, which queries cannot use");
    }

    private static async Task<ColumnVector> ReadLongsAsync<T>(
        ParquetRowGroupReader rowGroup, DataField field, int rows, int[] levels, Func<T, long> convert, ValueKind kind,
        CancellationToken cancellationToken)
        where T : struct
    {
        var (values, nulls) = await ReadAsync(rowGroup, field, rows, levels, convert, cancellationToken);
        return ColumnVector.OfLongs(kind, values, nulls);
    }

    private static async Task<(TOut[] Values, bool[]? Nulls)> ReadAsync<TIn, TOut>(
        ParquetRowGroupReader rowGroup, DataField field, int rows, int[] levels, Func<TIn, TOut> convert,
        CancellationToken cancellationToken)
        where TIn : struct
    {
        var packed = new TIn[rows];
        await rowGroup.ReadRawAsync<TIn>(field, packed, levels, null, cancellationToken);
        var values = new TOut[rows];
        if (field.MaxDefinitionLevel == 0)
        {
            for (var i = 0; i < rows; i++)
            {
                values[i] = convert(packed[i]);
            }
            return (values, null);
        }
        var nulls = new bool[rows];
        var defined = field.MaxDefinitionLevel;
        var next = 0;
        var anyNull = false;
        for (var i = 0; i < rows; i++)
        {
            if (levels[i] == defined)
            {
                values[i] = convert(packed[next++]);
            }
            else
            {
                nulls[i] = true;
                anyNull = true;
            }
        }
        return (values, anyNull ? nulls : null);
    }
}
