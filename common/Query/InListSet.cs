using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DataLocal.Common.Query;

/// <summary>
/// The constants of an IN list as hash sets, so that testing a value costs one lookup however long the list
/// is. Each item is converted once to the kind it is compared as against the operand
/// (<see cref="SqlValues.ComparisonKind"/>), one set per such kind, so a lookup answers what comparing the
/// value with each item in turn would: TRUE on a match, else NULL when the value or an item is NULL, else
/// FALSE. A NaN item matches NaN, as <c>=</c> on doubles does (DuckDB).
/// </summary>
public sealed class InListSet
{
    // Built once per list and operand kind, then shared by every row group of a task and every merged row.
    private static readonly ConditionalWeakTable<InExpr, ConcurrentDictionary<ValueKind, InListSet>> Cache = new();

    private InListSet(IReadOnlyList<SqlExpr> items, ValueKind operandKind)
    {
        foreach (var item in items)
        {
            var value = ((LiteralExpr)item).Value;
            if (value is null)
            {
                HasNull = true;
                continue;
            }
            switch (SqlValues.ComparisonKind(operandKind, SqlValues.KindOf(value)))
            {
                case ValueKind.Real:
                    (Reals ??= []).Add(NormalizeZero(SqlValues.ToDouble(value)));
                    break;
                case ValueKind.Float:
                    (Floats ??= []).Add(NormalizeZero(SqlValues.ToFloat(value)));
                    break;
                case ValueKind.Numeric:
                    (Numerics ??= []).Add(SqlValues.ToDecimal(value));
                    break;
                case ValueKind.BigInt:
                    (BigInts ??= []).Add((long)value);
                    break;
                case ValueKind.Boolean:
                    (Booleans ??= []).Add((bool)value);
                    break;
                case ValueKind.Varchar:
                    (Strings ??= new HashSet<string>(StringComparer.Ordinal)).Add((string)value);
                    break;
                case ValueKind.Date:
                    (Days ??= []).Add(SqlValues.ToDate(value).DayNumber);
                    break;
                default:
                    (Ticks ??= []).Add(SqlValues.ToTimestamp(value).Ticks);
                    break;
            }
        }
    }

    /// <summary>True when an item is NULL: a value matching no other item is then NULL, not FALSE.</summary>
    public bool HasNull { get; }

    /// <summary>Items compared as DOUBLE (zero without sign); null when none is.</summary>
    public HashSet<double>? Reals { get; private set; }

    /// <summary>Items compared as FLOAT (zero without sign).</summary>
    public HashSet<float>? Floats { get; private set; }

    /// <summary>Items compared as DECIMAL.</summary>
    public HashSet<decimal>? Numerics { get; private set; }

    /// <summary>Items compared as BIGINT.</summary>
    public HashSet<long>? BigInts { get; private set; }

    public HashSet<bool>? Booleans { get; private set; }

    /// <summary>Items compared as text, by ordinal equality.</summary>
    public HashSet<string>? Strings { get; private set; }

    /// <summary>Items compared as dates, by day number.</summary>
    public HashSet<long>? Days { get; private set; }

    /// <summary>Items compared as timestamps, by ticks.</summary>
    public HashSet<long>? Ticks { get; private set; }

    /// <summary>
    /// The set of <paramref name="inList"/>'s items for operands of <paramref name="operandKind"/>, or null
    /// when an item is not a constant (the caller compares item by item). Throws <see cref="QueryException"/>
    /// when an item cannot be compared with such an operand.
    /// </summary>
    public static InListSet? For(InExpr inList, ValueKind operandKind)
    {
        ArgumentNullException.ThrowIfNull(inList);
        if (!inList.Items.All(i => i is LiteralExpr))
        {
            return null;
        }
        return Cache.GetValue(inList, _ => new ConcurrentDictionary<ValueKind, InListSet>())
            .GetOrAdd(operandKind, kind => new InListSet(inList.Items, kind));
    }

    /// <summary>Whether a value is in the list, with SQL three-valued logic (before any NOT).</summary>
    public bool? Contains(object? value)
    {
        if (value is null)
        {
            return null;
        }
        var found = Reals is not null && Reals.Contains(NormalizeZero(SqlValues.ToDouble(value)))
            || Floats is not null && Floats.Contains(NormalizeZero(SqlValues.ToFloat(value)))
            || Numerics is not null && Numerics.Contains(SqlValues.ToDecimal(value))
            || BigInts is not null && BigInts.Contains((long)value)
            || Booleans is not null && Booleans.Contains((bool)value)
            || Strings is not null && Strings.Contains((string)value)
            || Days is not null && Days.Contains(SqlValues.ToDate(value).DayNumber)
            || Ticks is not null && Ticks.Contains(SqlValues.ToTimestamp(value).Ticks);
        return found ? true : HasNull ? null : false;
    }

    /// <summary>-0.0 as 0.0, so the two zeros, which are equal, are one set entry.</summary>
    public static double NormalizeZero(double value) => value == 0 ? 0.0 : value;

    /// <summary>-0.0f as 0.0f.</summary>
    public static float NormalizeZero(float value) => value == 0 ? 0.0f : value;
}
