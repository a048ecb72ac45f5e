namespace DataLocal.Common.Query;

/// <summary>
/// The running state of one aggregate for one group, mergeable across tasks: a count, and for sum/avg a sum
/// kept exact for integers (long, promoted to decimal on overflow) and decimals, compensated (Neumaier) for
/// doubles so the result barely depends on how the file was split; min/max keep the extreme value. Tasks
/// feed it typed values; the namenode merges the states and reads <see cref="Result"/>.
/// </summary>
public sealed class AggregateState(AggregateFunction function)
{
    private long longValue;
    private decimal decimalValue;
    private double doubleValue;
    private double doubleCompensation;
    private object? extreme;

    public AggregateFunction Function { get; } = function;

    /// <summary>Rows counted (count(*)) or non-null values seen (every other function).</summary>
    public long Count { get; private set; }

    /// <summary>Which field holds the sum or extreme; <see cref="ValueKind.Null"/> before the first value.</summary>
    public ValueKind Kind { get; private set; }

    private bool IsExtreme => Function is AggregateFunction.Min or AggregateFunction.Max;

    private bool IsSum => Function is AggregateFunction.Sum or AggregateFunction.Avg;

    public void AddRows(long rows) => Count += rows;

    public void Add(long value)
    {
        Count++;
        if (IsSum)
        {
            AddToSum(value);
        }
        else if (IsExtreme && (Kind == ValueKind.Null || Better(value.CompareTo(longValue))))
        {
            longValue = value;
            Kind = ValueKind.BigInt;
        }
    }

    public void Add(double value)
    {
        Count++;
        if (IsSum)
        {
            AddToSum(value, 0);
        }
        else if (IsExtreme && (Kind == ValueKind.Null || Better(SqlValues.CompareDoubles(value, doubleValue))))
        {
            doubleValue = value;
            Kind = ValueKind.Real;
        }
    }

    /// <summary>
    /// The values at <paramref name="rows"/>, skipping those <paramref name="nulls"/> marks, exactly as one
    /// <see cref="Add(double)"/> per value would add them (same order, same compensation), with the running sum
    /// in locals: a task's sum over a row group is one tight loop rather than a call per row.
    /// </summary>
    public void AddDoubles(double[] values, ReadOnlySpan<int> rows, bool[]? nulls)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (IsExtreme && Kind is ValueKind.Null or ValueKind.Real)
        {
            AddExtremeDoubles(values, rows, nulls);
            return;
        }
        if (!IsSum || Kind is not (ValueKind.Null or ValueKind.Real))
        {
            foreach (var row in rows)
            {
                if (nulls is null || !nulls[row])
                {
                    Add(values[row]);
                }
            }
            return;
        }
        var sum = doubleValue;
        var compensation = doubleCompensation;
        long added = 0;
        foreach (var row in rows)
        {
            if (nulls is not null && nulls[row])
            {
                continue;
            }
            var value = values[row];
            var total = sum + value;
            compensation += Math.Abs(sum) >= Math.Abs(value) ? sum - total + value : value - total + sum;
            sum = total;
            added++;
        }
        if (added > 0)
        {
            doubleValue = sum;
            doubleCompensation = compensation;
            Kind = ValueKind.Real;
            Count += added;
        }
    }

    /// <summary>
    /// DATE (day number) or TIMESTAMP (ticks) values of <paramref name="kind"/> at <paramref name="rows"/>, exactly
    /// as one <see cref="AddTemporal"/> per value, min and max in one loop.
    /// </summary>
    public void AddTemporals(long[] values, ReadOnlySpan<int> rows, bool[]? nulls, ValueKind kind)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!IsExtreme || Kind != ValueKind.Null && Kind != kind)
        {
            foreach (var row in rows)
            {
                if (nulls is null || !nulls[row])
                {
                    AddTemporal(values[row], kind);
                }
            }
            return;
        }
        var minimum = Function == AggregateFunction.Min;
        var have = Kind != ValueKind.Null;
        var best = longValue;
        long added = 0;
        foreach (var row in rows)
        {
            if (nulls is not null && nulls[row])
            {
                continue;
            }
            var value = values[row];
            if (!have || (minimum ? value < best : value > best))
            {
                best = value;
                have = true;
            }
            added++;
        }
        if (added > 0)
        {
            longValue = best;
            Kind = kind;
            Count += added;
        }
    }

    private void AddExtremeDoubles(double[] values, ReadOnlySpan<int> rows, bool[]? nulls)
    {
        var minimum = Function == AggregateFunction.Min;
        var have = Kind != ValueKind.Null;
        var best = doubleValue;
        long added = 0;
        foreach (var row in rows)
        {
            if (nulls is not null && nulls[row])
            {
                continue;
            }
            var value = values[row];
            if (!have || (minimum ? SqlValues.CompareDoubles(value, best) < 0 : SqlValues.CompareDoubles(value, best) > 0))
            {
                best = value;
                have = true;
            }
            added++;
        }
        if (added > 0)
        {
            doubleValue = best;
            Kind = ValueKind.Real;
            Count += added;
        }
    }

    /// <summary>The BIGINT values at <paramref name="rows"/> as <see cref="AddDoubles"/> adds doubles: exactly as one <see cref="Add(long)"/> each.</summary>
    public void AddLongs(long[] values, ReadOnlySpan<int> rows, bool[]? nulls)
    {
        ArgumentNullException.ThrowIfNull(values);
        var next = 0;
        if (IsSum && Kind is ValueKind.Null or ValueKind.BigInt)
        {
            var sum = longValue;
            long added = 0;
            for (; next < rows.Length; next++)
            {
                var row = rows[next];
                if (nulls is not null && nulls[row])
                {
                    continue;
                }
                var value = values[row];
                var total = unchecked(sum + value);
                if (((sum ^ total) & (value ^ total)) < 0)
                {
                    break; // overflow: the rest one by one, which widens to decimal
                }
                sum = total;
                added++;
            }
            if (added > 0)
            {
                longValue = sum;
                Kind = ValueKind.BigInt;
                Count += added;
            }
        }
        for (; next < rows.Length; next++)
        {
            if (nulls is null || !nulls[rows[next]])
            {
                Add(values[rows[next]]);
            }
        }
    }

    public void Add(decimal value)
    {
        Count++;
        if (IsSum)
        {
            AddToSum(value);
        }
        else if (IsExtreme && (Kind == ValueKind.Null || Better(value.CompareTo(decimalValue))))
        {
            decimalValue = value;
            Kind = ValueKind.Numeric;
        }
    }

    /// <summary>
    /// Adds a DATE (day number) or TIMESTAMP (ticks) value of <paramref name="kind"/> unboxed: min and max keep
    /// it as a number and compare numbers; other functions take it as <see cref="Add(object)"/> does.
    /// </summary>
    public void AddTemporal(long value, ValueKind kind)
    {
        if (!IsExtreme)
        {
            Add(kind == ValueKind.Date ? DateOnly.FromDayNumber((int)value) : new DateTime(value, DateTimeKind.Unspecified));
            return;
        }
        Count++;
        if (Kind == ValueKind.Null || Better(value.CompareTo(longValue)))
        {
            longValue = value;
            Kind = kind;
        }
    }

    /// <summary>Adds any non-null value (strings, dates, booleans, or boxed numbers).</summary>
    public void Add(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case long l:
                Add(l);
                return;
            case double d:
                Add(d);
                return;
            case decimal m:
                Add(m);
                return;
            case float f when IsSum:
                // sum and avg of FLOAT are DOUBLE (DuckDB); min and max stay FLOAT, kept below.
                Add((double)f);
                return;
            case DateOnly date when IsExtreme:
                AddTemporal(date.DayNumber, ValueKind.Date);
                return;
            case DateTime time when IsExtreme:
                AddTemporal(time.Ticks, ValueKind.Timestamp);
                return;
        }
        if (IsSum)
        {
            throw new QueryException($"{ExprText.Name(Function)} needs numbers, not {SqlValues.KindOf(value).ToString().ToUpperInvariant()}");
        }
        Count++;
        if (IsExtreme && (extreme is null || Better(SqlValues.Compare(value, extreme))))
        {
            extreme = value;
            Kind = SqlValues.KindOf(value);
        }
    }

    /// <summary>Folds another task's state for the same aggregate and group into this one.</summary>
    public void Merge(AggregateState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Kind == ValueKind.Null)
        {
            Count += other.Count;
            return;
        }
        var count = Count + other.Count;
        if (IsSum)
        {
            switch (other.Kind)
            {
                case ValueKind.BigInt:
                    AddToSum(other.longValue);
                    break;
                case ValueKind.Numeric:
                    AddToSum(other.decimalValue);
                    break;
                default:
                    AddToSum(other.doubleValue, other.doubleCompensation);
                    break;
            }
        }
        else if (IsExtreme)
        {
            var value = other.ExtremeValue();
            var current = ExtremeValue();
            if (current is null || Better(SqlValues.Compare(value!, current)))
            {
                SetExtreme(value!);
            }
        }
        Count = count;
    }

    /// <summary>The final value: count as long; sum as long/decimal/double; avg as double; NULL when no value was seen.</summary>
    public object? Result()
    {
        switch (Function)
        {
            case AggregateFunction.CountStar or AggregateFunction.Count:
                return Count;
            case AggregateFunction.Min or AggregateFunction.Max:
                return ExtremeValue();
        }
        if (Count == 0 || Kind == ValueKind.Null)
        {
            return null;
        }
        if (Function == AggregateFunction.Sum)
        {
            return SumValue();
        }
        return Kind switch
        {
            ValueKind.BigInt => SqlValues.DecimalToDouble((decimal)longValue / Count),
            ValueKind.Numeric => SqlValues.DecimalToDouble(decimalValue / Count),
            _ => (doubleValue + doubleCompensation) / Count,
        };
    }

    private object? SumValue() => Kind switch
    {
        ValueKind.BigInt => longValue,
        ValueKind.Numeric => decimalValue,
        ValueKind.Real => doubleValue + doubleCompensation,
        _ => null,
    };

    // Dates and timestamps are kept as their day number and ticks (see AddTemporal).
    private object? ExtremeValue() => Kind switch
    {
        ValueKind.Null => null,
        ValueKind.BigInt => longValue,
        ValueKind.Date => DateOnly.FromDayNumber((int)longValue),
        ValueKind.Timestamp => new DateTime(longValue, DateTimeKind.Unspecified),
        ValueKind.Real => doubleValue,
        ValueKind.Numeric => decimalValue,
        _ => extreme,
    };

    private void SetExtreme(object value)
    {
        Kind = SqlValues.KindOf(value);
        switch (value)
        {
            case long l:
                longValue = l;
                break;
            case double d:
                doubleValue = d;
                break;
            case decimal m:
                decimalValue = m;
                break;
            case DateOnly date:
                longValue = date.DayNumber;
                break;
            case DateTime time:
                longValue = time.Ticks;
                break;
            default:
                extreme = value;
                break;
        }
    }

    private bool Better(int comparison) => Function == AggregateFunction.Min ? comparison < 0 : comparison > 0;

    private void AddToSum(long value)
    {
        switch (Kind)
        {
            case ValueKind.Null or ValueKind.BigInt:
                var sum = unchecked(longValue + value);
                if (((longValue ^ sum) & (value ^ sum)) < 0)
                {
                    // Overflow: continue exactly in decimal, as DuckDB widens integer sums.
                    decimalValue = (decimal)longValue + value;
                    Kind = ValueKind.Numeric;
                    return;
                }
                longValue = sum;
                Kind = ValueKind.BigInt;
                break;
            case ValueKind.Numeric:
                decimalValue += value;
                break;
            default:
                AddToSum((double)value, 0);
                break;
        }
    }

    private void AddToSum(decimal value)
    {
        switch (Kind)
        {
            case ValueKind.Null:
                decimalValue = value;
                Kind = ValueKind.Numeric;
                break;
            case ValueKind.BigInt:
                decimalValue = longValue + value;
                Kind = ValueKind.Numeric;
                break;
            case ValueKind.Numeric:
                decimalValue += value;
                break;
            default:
                AddToSum(SqlValues.DecimalToDouble(value), 0);
                break;
        }
    }

    private void AddToSum(double value, double compensation)
    {
        if (Kind is ValueKind.BigInt or ValueKind.Numeric)
        {
            doubleValue = Kind == ValueKind.BigInt ? longValue : SqlValues.DecimalToDouble(decimalValue);
        }
        Kind = ValueKind.Real;
        var total = doubleValue + value;
        doubleCompensation += Math.Abs(doubleValue) >= Math.Abs(value)
            ? doubleValue - total + value
            : value - total + doubleValue;
        doubleCompensation += compensation;
        doubleValue = total;
    }

    /// <summary>Writes the state (for <see cref="PartialResult"/> serialization).</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write((byte)Function);
        writer.Write(Count);
        writer.Write((byte)Kind);
        switch (Kind)
        {
            case ValueKind.Null:
                break;
            case ValueKind.BigInt:
                writer.Write(longValue);
                break;
            case ValueKind.Numeric:
                writer.Write(decimalValue);
                break;
            case ValueKind.Real:
                writer.Write(doubleValue);
                writer.Write(doubleCompensation);
                break;
            default:
                ValueCodec.Write(writer, ExtremeValue());
                break;
        }
    }

    internal static AggregateState Read(BinaryReader reader)
    {
        var function = (AggregateFunction)reader.ReadByte();
        if (!Enum.IsDefined(function))
        {
            throw new InvalidDataException("bad aggregate function in partial result");
        }
        var state = new AggregateState(function) { Count = reader.ReadInt64(), Kind = (ValueKind)reader.ReadByte() };
        switch (state.Kind)
        {
            case ValueKind.Null:
                break;
            case ValueKind.BigInt:
                state.longValue = reader.ReadInt64();
                break;
            case ValueKind.Numeric:
                state.decimalValue = reader.ReadDecimal();
                break;
            case ValueKind.Real:
                state.doubleValue = reader.ReadDouble();
                state.doubleCompensation = reader.ReadDouble();
                break;
            default:
                state.SetExtreme(ValueCodec.Read(reader) ?? throw new InvalidDataException("missing extreme in partial result"));
                break;
        }
        return state;
    }
}
