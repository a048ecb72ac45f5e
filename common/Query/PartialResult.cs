using System.Text;

namespace DataLocal.Common.Query;

/// <summary>
/// What one task sends back: partial aggregates per group (aggregate queries) or selected rows (others,
/// possibly only the task's top N). It crosses gRPC as <see cref="ToBytes"/>: a compact, deterministic
/// binary form (groups and rows in the order the task produced them).
/// </summary>
public sealed class PartialResult
{
    private const byte Magic = 0xD1;
    private const byte Version = 1;

    private PartialResult(
        bool isAggregate,
        IReadOnlyList<PartialGroup> groups,
        IReadOnlyList<IReadOnlyList<object?>> rows,
        IReadOnlyList<string>? starColumns)
    {
        IsAggregate = isAggregate;
        Groups = groups;
        Rows = rows;
        StarColumns = starColumns;
    }

    public bool IsAggregate { get; }

    /// <summary>Per group: key values (parallel to <see cref="QueryPlan.GroupBy"/>) and aggregate states.</summary>
    public IReadOnlyList<PartialGroup> Groups { get; }

    /// <summary>Rows of <see cref="QueryPlan.Outputs"/> values (visible and hidden), with <c>*</c> expanded.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>The column names <c>*</c> expanded to, or null when the query has no <c>*</c>.</summary>
    public IReadOnlyList<string>? StarColumns { get; }

    public static PartialResult ForGroups(IReadOnlyList<PartialGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return new PartialResult(true, groups, [], null);
    }

    public static PartialResult ForRows(IReadOnlyList<IReadOnlyList<object?>> rows, IReadOnlyList<string>? starColumns = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new PartialResult(false, [], rows, starColumns);
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(IsAggregate);
            if (IsAggregate)
            {
                writer.Write(Groups.Count);
                foreach (var group in Groups)
                {
                    WriteValues(writer, group.Key);
                    writer.Write(group.States.Count);
                    foreach (var state in group.States)
                    {
                        state.Write(writer);
                    }
                }
            }
            else
            {
                writer.Write(StarColumns is not null);
                if (StarColumns is not null)
                {
                    writer.Write(StarColumns.Count);
                    foreach (var name in StarColumns)
                    {
                        writer.Write(name);
                    }
                }
                writer.Write(Rows.Count);
                foreach (var row in Rows)
                {
                    WriteValues(writer, row);
                }
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Reads <see cref="ToBytes"/> output; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static PartialResult FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            if (reader.ReadByte() != Magic || reader.ReadByte() != Version)
            {
                throw new InvalidDataException("not a DataLocal partial result");
            }
            if (reader.ReadBoolean())
            {
                var groups = new PartialGroup[Count(reader)];
                for (var g = 0; g < groups.Length; g++)
                {
                    var key = ReadValues(reader);
                    var states = new AggregateState[Count(reader)];
                    for (var s = 0; s < states.Length; s++)
                    {
                        states[s] = AggregateState.Read(reader);
                    }
                    groups[g] = new PartialGroup(key, states);
                }
                return ForGroups(groups);
            }
            string[]? starColumns = null;
            if (reader.ReadBoolean())
            {
                starColumns = new string[Count(reader)];
                for (var i = 0; i < starColumns.Length; i++)
                {
                    starColumns[i] = reader.ReadString();
                }
            }
            var rows = new IReadOnlyList<object?>[Count(reader)];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r] = ReadValues(reader);
            }
            return ForRows(rows, starColumns);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("truncated partial result", e);
        }
    }

    private static void WriteValues(BinaryWriter writer, IReadOnlyList<object?> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            ValueCodec.Write(writer, value);
        }
    }

    private static object?[] ReadValues(BinaryReader reader)
    {
        var values = new object?[Count(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ValueCodec.Read(reader);
        }
        return values;
    }

    // Counts are bounded by the bytes left, so a corrupt count cannot make us allocate gigabytes.
    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position
            ? throw new InvalidDataException("bad count in partial result")
            : count;
    }
}

/// <summary>One group of a task's partial aggregation.</summary>
public sealed record PartialGroup(IReadOnlyList<object?> Key, IReadOnlyList<AggregateState> States);
