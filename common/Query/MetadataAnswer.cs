using System.Globalization;

namespace DataLocal.Common.Query;

/// <summary>What the namenode keeps of one block of a Parquet file: its row count and its columns' statistics.</summary>
public sealed record StoredBlockMetadata(long RowCount, IReadOnlyList<ColumnStatisticsInfo> Columns);

/// <summary>A file's schema (from its footer) and its blocks' metadata.</summary>
public sealed record StoredFileMetadata(QuerySchema Schema, IReadOnlyList<StoredBlockMetadata> Blocks);

/// <summary>
/// Answers a global aggregate from the row counts and statistics the namenode already has, so no task
/// reads a row: <c>count(*)</c>, <c>count(col)</c> (rows minus the column's nulls), and <c>min</c>/<c>max</c>
/// of integer and DATE columns, whose Parquet statistics are values of the column itself (never truncated
/// or rounded, unlike strings' and floats', which may also hide a NaN). Anything else — a WHERE clause,
/// GROUP BY, another aggregate, a column whose statistics are missing from a block with values — needs the
/// rows, and gets null. The answer is a partial result, merged as the tasks' would be, so output expressions,
/// names, ORDER BY and LIMIT come out exactly as when tasks run.
/// </summary>
public static class MetadataAnswer
{
    public static PartialResult? TryAnswer(QueryPlan plan, IReadOnlyList<StoredFileMetadata> files)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(files);
        if (!plan.IsAggregate || plan.GroupBy.Count > 0 || plan.Filter is not null || files.Count == 0)
        {
            return null;
        }
        var states = new AggregateState[plan.Aggregates.Count];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new AggregateState(plan.Aggregates[i].Function);
            if (!files.All(file => TryAdd(states[i], plan.Aggregates[i], file)))
            {
                return null;
            }
        }
        return PartialResult.ForGroups([new PartialGroup([], states)]);
    }

    private static bool TryAdd(AggregateState state, AggregateExpr aggregate, StoredFileMetadata file)
    {
        if (aggregate.Function == AggregateFunction.CountStar)
        {
            state.AddRows(file.Blocks.Sum(b => b.RowCount));
            return true;
        }
        if (aggregate.Argument is not ColumnExpr { Name: var name } || file.Schema.Find(name) is not { Kind: { } kind } column)
        {
            return false;
        }
        foreach (var block in file.Blocks)
        {
            var statistics = block.Columns.FirstOrDefault(c => c.Column == column.Name);
            if (statistics?.NullCount is not { } nulls || nulls > block.RowCount)
            {
                return false;
            }
            var rowsWithValues = block.RowCount - nulls;
            if (aggregate.Function == AggregateFunction.Count)
            {
                state.AddRows(rowsWithValues);
            }
            else if (aggregate.Function is not (AggregateFunction.Min or AggregateFunction.Max)
                || rowsWithValues > 0 && !TryAddBounds(state, kind, aggregate.Function == AggregateFunction.Min ? statistics.Min : statistics.Max))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A block's bound as the engine's value of that column would be: BIGINT as long, DATE as a day.</summary>
    private static bool TryAddBounds(AggregateState state, ValueKind kind, string? bound)
    {
        switch (kind)
        {
            case ValueKind.BigInt when long.TryParse(bound, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                state.Add(number);
                return true;
            case ValueKind.Date when DateOnly.TryParseExact(bound, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                state.AddTemporal(date.DayNumber, ValueKind.Date);
                return true;
            default:
                return false;
        }
    }
}
