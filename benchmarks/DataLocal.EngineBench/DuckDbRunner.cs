using System.Globalization;
using DataLocal.Common.Query;
using DuckDB.NET.Data;

namespace DataLocal.EngineBench;

/// <summary>DuckDB in this process with a fixed number of threads, reading the file afresh on every query.</summary>
public sealed class DuckDbRunner : IDisposable
{
    private readonly DuckDBConnection connection = new("Data Source=:memory:");

    public DuckDbRunner(int threads)
    {
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SET threads={threads}");
        command.ExecuteNonQuery();
    }

    /// <summary>All rows of the result, every value read (so strings are materialised as DataLocal's are).</summary>
    public List<string[]> Run(string sql)
    {
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

    public void Dispose() => connection.Dispose();

    private static string Format(object value) => value switch
    {
        int i => ((long)i).ToString(CultureInfo.InvariantCulture),
        System.Numerics.BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        DateTime t => QueryResult.Format(t),
        _ => QueryResult.Format(value),
    };
}
