using System.Globalization;
using DataLocal.Common.Query;

namespace DataLocal.EngineBench;

/// <summary>
/// Whether DataLocal's answer is DuckDB's: the same rows in the same order, values equal as printed, except
/// that floating-point sums over a million rows may differ in their last digits (the two engines add in
/// different orders), so doubles agree within a relative 1e-9.
/// </summary>
public static class AnswerCheck
{
    /// <summary>Null when the answers agree, else the first difference.</summary>
    public static string? Difference(List<string[]> duckDb, QueryResult dataLocal) =>
        Difference(duckDb, [.. dataLocal.Rows.Select(r => r.Select(QueryResult.Format).ToArray())]);

    /// <summary>Null when the answers (DataLocal's as printed) agree, else the first difference.</summary>
    public static string? Difference(List<string[]> duckDb, List<string[]> ours)
    {
        if (ours.Count != duckDb.Count)
        {
            return $"{ours.Count} rows, DuckDB {duckDb.Count}";
        }
        for (var r = 0; r < ours.Count; r++)
        {
            if (ours[r].Length != duckDb[r].Length)
            {
                return $"row {r}: {ours[r].Length} columns, DuckDB {duckDb[r].Length}";
            }
            for (var c = 0; c < ours[r].Length; c++)
            {
                if (!Same(ours[r][c], duckDb[r][c]))
                {
                    return $"row {r} column {c}: {ours[r][c]}, DuckDB {duckDb[r][c]}";
                }
            }
        }
        return null;
    }

    private static bool Same(string ours, string theirs)
    {
        if (ours == theirs)
        {
            return true;
        }
        return double.TryParse(ours, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(theirs, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            && Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
    }
}
