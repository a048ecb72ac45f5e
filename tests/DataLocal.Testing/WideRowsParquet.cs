using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace DataLocal.Testing;

/// <summary>
/// Writes a Parquet file whose rows are wide but whose file is small: an id and a long string drawn
/// from 26 values, which dictionary encoding stores once per row group. A query selecting the
/// string returns a result far bigger than the file, so tests of large results move little data.
/// </summary>
public static class WideRowsParquet
{
    /// <summary>Rows <c>id</c> (0..rows-1) and <c>payload</c> (<paramref name="payloadChars"/> copies of one letter); returns the file's path.</summary>
    public static async Task<string> WriteAsync(string directory, int rows, int payloadChars, int rowsPerGroup)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, $"wide-{rows}x{payloadChars}-rg{rowsPerGroup}.parquet");
        var letters = Enumerable.Range(0, 26).Select(i => new string((char)('a' + i), payloadChars)).ToArray();
        var records = Enumerable.Range(0, rows)
            .Select(i => (IDictionary<string, object?>)new Dictionary<string, object?> { ["id"] = (long)i, ["payload"] = letters[i % 26] })
            .ToList();
        var schema = new ParquetSchema(new DataField<long>("id"), new DataField<string>("payload"));
        await using var output = File.Create(target);
        await ParquetSerializer.SerializeUntypedAsync(records, schema, output, new ParquetOptions { RowGroupSize = rowsPerGroup });
        return target;
    }
}
