using DataLocal.Common.Parquet;
using DataLocal.DataNode.Compute.Decoding;
using Parquet;
using Parquet.Schema;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Reads a task's columns one row group at a time: with <see cref="ColumnChunkDecoder"/> where it takes the
/// column chunk's type, codec and encodings, otherwise with Parquet.Net (<see cref="ParquetColumnScanner"/>).
/// </summary>
internal sealed class BlockColumnReader
{
    private readonly Stream file;
    private readonly ParquetFooter? footer;
    private readonly Dictionary<string, int> leafByPath = new(StringComparer.Ordinal);

    public BlockColumnReader(Stream file, ComputeOptions options)
    {
        this.file = file;
        if (options.ParquetNetOnly)
        {
            return;
        }
        try
        {
            footer = DecodedFooterCache.Get(file);
        }
        catch (InvalidParquetException)
        {
            // A footer our strict reader refuses may still be one Parquet.Net reads: leave every column to it.
            return;
        }
        for (var i = 0; i < footer.Leaves.Count; i++)
        {
            leafByPath.TryAdd(footer.Leaves[i].Path, i);
        }
    }

    /// <param name="selected">Ascending rows whose text must be materialised; null for every row.</param>
    public async Task<ColumnVector> ReadAsync(
        ParquetRowGroupReader rowGroup, int rowGroupIndex, DataField field, int rows, int[]? selected,
        CancellationToken cancellationToken)
    {
        if (footer is not null && leafByPath.TryGetValue(ParquetColumnScanner.ColumnName(field), out var column)
            && rowGroupIndex < footer.Metadata.RowGroups.Count)
        {
            var leaf = footer.Leaves[column];
            var chunk = footer.Metadata.RowGroups[rowGroupIndex].Columns[column];
            if (ColumnChunkDecoder.CanDecode(leaf, chunk) && ColumnChunkDecoder.Decode(file, leaf, chunk, rows, selected) is { } vector)
            {
                return vector;
            }
        }
        return await ParquetColumnScanner.ReadAsync(rowGroup, field, rows, selected, cancellationToken).ConfigureAwait(false);
    }
}
