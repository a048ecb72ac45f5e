using System.Globalization;
using DataLocal.Common.Query;
using DuckDB.NET.Data;

namespace DataLocal.Tests.Reference;

/// <summary>
/// DuckDB (through DuckDB.NET, in process) as the reference for answers: tests run the same SQL over the same
/// file in DuckDB and DataLocal and compare the values, formatted the way DataLocal prints them.
/// </summary>
internal static class DuckDb
{
    /// <summary>The rows of <paramref name="sql"/> run by DuckDB, each value formatted by <see cref="QueryResult.Format"/>.</summary>
    public static List<string[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "NULL" : Format(reader.GetValue(i));
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The column names of <paramref name="sql"/>'s result in DuckDB.</summary>
    public static List<string> Columns(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    /// <summary>The single value of a one-row, one-column query.</summary>
    public static string Scalar(string sql) => Query(sql).Single().Single();

    /// <summary>An error DuckDB raises for <paramref name="sql"/>, or null when it runs.</summary>
    public static string? Error(string sql)
    {
        try
        {
            Query(sql);
            return null;
        }
        catch (Exception e) when (e is DuckDBException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>A DataLocal result's rows formatted the same way, for comparing with <see cref="Query"/>.</summary>
    public static List<string[]> Rows(QueryResult result) =>
        result.Rows.Select(r => r.Select(QueryResult.Format).ToArray()).ToList();

    /// <summary>SQL text for a file path inside read_parquet('…').</summary>
    public static string File(string path) => "read_parquet('" + path.Replace("'", "''", StringComparison.Ordinal) + "')";

    private static string Format(object value) => value switch
    {
        int i => ((long)i).ToString(CultureInfo.InvariantCulture),
        short s => ((long)s).ToString(CultureInfo.InvariantCulture),
        sbyte s => ((long)s).ToString(CultureInfo.InvariantCulture),
        byte b => ((long)b).ToString(CultureInfo.InvariantCulture),
        System.Numerics.BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        DateTime t => QueryResult.Format(t),
        _ => QueryResult.Format(value),
    };
}
