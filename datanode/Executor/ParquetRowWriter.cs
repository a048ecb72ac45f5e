using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// Writes a task's selected rows as a Parquet file in memory (one row group). Each column's type is
/// the engine's value type of its first non-null value; every column is nullable.
/// </summary>
public static class ParquetRowWriter
{
    public static async Task<byte[]> WriteAsync(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<object?>> rows, CancellationToken cancellationToken)
    {
        var names = UniqueNames(columns);
        var fields = names.Select((name, i) => FieldFor(name, rows.Select(r => r[i]).FirstOrDefault(v => v is not null))).ToArray();
        var records = rows.Select(row =>
        {
            var record = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                record[fields[i].Name] = row[i];
            }
            return (IDictionary<string, object?>)record;
        }).ToList();
        using var output = new MemoryStream();
        await ParquetSerializer.SerializeUntypedAsync(records, new ParquetSchema(fields), output, new ParquetOptions(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    // Output names like "sum(l_quantity)" are fine as Parquet column names; duplicates are not, so they get a suffix.
    private static List<string> UniqueNames(IReadOnlyList<string> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>(columns.Count);
        foreach (var column in columns)
        {
            var name = column;
            for (var n = 2; !seen.Add(name); n++)
            {
                name = $"{column}_{n}";
            }
            names.Add(name);
        }
        return names;
    }

    private static DataField FieldFor(string name, object? sample) => sample switch
    {
        long => new DataField(name, typeof(long?)),
        double => new DataField(name, typeof(double?)),
        float => new DataField(name, typeof(float?)),
        decimal => new DecimalDataField(name, 38, 18, forceByteArrayEncoding: false, isNullable: true),
        bool => new DataField(name, typeof(bool?)),
        DateOnly => new DataField(name, typeof(DateOnly?)),
        DateTime => new DataField(name, typeof(DateTime?)),
        _ => new DataField(name, typeof(string), isNullable: true),
    };
}
