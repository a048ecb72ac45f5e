using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>
/// A task adds a row group's values to a sum in one loop (<see cref="AggregateState.AddDoubles"/>,
/// <see cref="AggregateState.AddLongs"/>); the state must be exactly the one a call per value leaves, written
/// byte for byte the same, overflow into decimal and NULLs included.
/// </summary>
public sealed class AggregateStateBatchTests
{
    public static TheoryData<AggregateFunction> Functions() =>
        [AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Min, AggregateFunction.Max, AggregateFunction.Count];

    [Theory]
    [MemberData(nameof(Functions))]
    public void AddDoubles_SameStateAsOneAddPerValue(AggregateFunction function)
    {
        var random = new Random(8);
        var values = Enumerable.Range(0, 5000).Select(i => i % 97 == 0 ? 1e17 : (random.NextDouble() - 0.4) * Math.Pow(10, random.Next(-3, 9))).ToArray();
        values[4321] = double.NaN; // above every value in DuckDB's order
        values[17] = -0.0;
        values[18] = 0.0;
        var nulls = values.Select((_, i) => i % 13 == 5).ToArray();
        var rows = Enumerable.Range(0, values.Length).Where(i => i % 3 != 1).ToArray();
        var batched = new AggregateState(function);
        var single = new AggregateState(function);

        batched.AddDoubles(values, rows.AsSpan(0, 2000), nulls);
        batched.AddDoubles(values, rows.AsSpan(2000), null);
        foreach (var row in rows.Take(2000).Where(r => !nulls[r]))
        {
            single.Add(values[row]);
        }
        foreach (var row in rows.Skip(2000))
        {
            single.Add(values[row]);
        }

        Assert.Equal(Bytes(single), Bytes(batched));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void AddLongs_OverflowWidensToDecimalAsOneAddPerValue(AggregateFunction function)
    {
        long[] values = [5, long.MaxValue - 3, 7, -2, long.MaxValue, 11, long.MinValue, 4];
        var nulls = new bool[values.Length];
        nulls[3] = true;
        int[] rows = [0, 1, 2, 3, 4, 5, 6, 7];
        var batched = new AggregateState(function);
        var single = new AggregateState(function);

        batched.AddLongs(values, rows, nulls);
        foreach (var row in rows.Where(r => !nulls[r]))
        {
            single.Add(values[row]);
        }

        Assert.Equal(Bytes(single), Bytes(batched));
        Assert.Equal(single.Result(), batched.Result());
    }

    [Theory]
    [InlineData(AggregateFunction.Min)]
    [InlineData(AggregateFunction.Max)]
    [InlineData(AggregateFunction.Count)]
    public void AddTemporals_SameStateAsOneAddTemporalPerValue(AggregateFunction function)
    {
        var random = new Random(3);
        var days = Enumerable.Range(0, 3000).Select(_ => (long)random.Next(700_000, 740_000)).ToArray();
        var nulls = days.Select((_, i) => i % 11 == 0).ToArray();
        var rows = Enumerable.Range(0, days.Length).ToArray();
        var batched = new AggregateState(function);
        var single = new AggregateState(function);

        batched.AddTemporals(days, rows.AsSpan(0, 1000), nulls, ValueKind.Date);
        batched.AddTemporals(days, rows.AsSpan(1000), nulls, ValueKind.Date);
        foreach (var row in rows.Where(r => !nulls[r]))
        {
            single.AddTemporal(days[row], ValueKind.Date);
        }

        Assert.Equal(Bytes(single), Bytes(batched));
        Assert.Equal(single.Result(), batched.Result());
    }

    [Fact]
    public void AddDoubles_AfterAnIntegerSum_ContinuesAsOneAddPerValue()
    {
        var batched = new AggregateState(AggregateFunction.Sum);
        var single = new AggregateState(AggregateFunction.Sum);
        batched.Add(3L);
        single.Add(3L);

        batched.AddDoubles([0.5, 0.25], [0, 1], null);
        single.Add(0.5);
        single.Add(0.25);

        Assert.Equal(Bytes(single), Bytes(batched));
    }

    private static byte[] Bytes(AggregateState state)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            state.Write(writer);
        }
        return stream.ToArray();
    }
}
