using Parquet;
using Parquet.Serialization;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// Rewrites a corpus file with small row groups (same rows, same values), so a file that its
/// writer made as one row group spans many blocks — and DuckDB's expected results still apply.
/// </summary>
public static class ParquetRewriter
{
    public static async Task<string> WithRowGroupsOfAsync(string source, int rowsPerGroup, string directory)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(source)}-rg{rowsPerGroup}.parquet");
        await using var input = File.OpenRead(source);
        var read = await ParquetSerializer.DeserializeUntypedAsync(input);
        await using var output = File.Create(target);
        await ParquetSerializer.SerializeUntypedAsync(
            [.. read.Data.Cast<IDictionary<string, object?>>()], read.Schema, output, new ParquetOptions { RowGroupSize = rowsPerGroup });
        return target;
    }
}
