using Parquet;
using Parquet.Serialization;

namespace DataLocal.Testing;

/// <summary>
/// Rewrites a corpus file with small row groups (same rows, same values), so a file that its
/// writer made as one row group spans many blocks — and DuckDB's expected results still apply.
/// </summary>
public static class ParquetRewriter
{
    /// <param name="source">The file to rewrite.</param>
    /// <param name="rowsPerGroup">Rows per row group in the new file.</param>
    /// <param name="directory">Where to write it.</param>
    /// <param name="copies">How many times the rows repeat (a bigger file of the same data, for benchmarks).</param>
    public static async Task<string> WithRowGroupsOfAsync(string source, int rowsPerGroup, string directory, int copies = 1)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(source)}-rg{rowsPerGroup}-x{copies}.parquet");
        await using var input = File.OpenRead(source);
        var read = await ParquetSerializer.DeserializeUntypedAsync(input);
        var rows = read.Data.Cast<IDictionary<string, object?>>().ToList();
        await using var output = File.Create(target);
        await ParquetSerializer.SerializeUntypedAsync(
            [.. Enumerable.Repeat(rows, copies).SelectMany(r => r)], read.Schema, output, new ParquetOptions { RowGroupSize = rowsPerGroup });
        return target;
    }
}
