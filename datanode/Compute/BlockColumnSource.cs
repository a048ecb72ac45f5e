using System.Globalization;
using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using DataLocal.DataNode.Compute.Decoding;
using Parquet;
using Parquet.Schema;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// The columns of the block a task reads, and their values one row group at a time. The footer (decoded once
/// per file by <see cref="DecodedFooterCache"/>) gives the schema, the row groups and their sizes, and
/// <see cref="ColumnChunkDecoder"/> decodes the chunks it takes. Parquet.Net is opened only when a chunk needs
/// it (a type, codec or encoding our decoder declines) or when our strict reader refuses the footer: opening it
/// decodes the whole footer again, once per task, which at 196 blocks of a 10 M-row file cost more than the
/// scan itself.
/// </summary>
internal sealed class BlockColumnSource : IAsyncDisposable
{
    private static readonly ParquetOptions ReaderOptions = new() { UseDateOnlyTypeForDates = true };

    private readonly Stream file;
    private readonly ParquetFooter? footer;
    private ParquetReader? reader;
    private DataField[]? fields;
    private (int Index, ParquetRowGroupReader Reader)? openRowGroup;

    private BlockColumnSource(Stream file, ParquetFooter? footer)
    {
        this.file = file;
        this.footer = footer;
    }

    /// <summary>Every column of the file, by the name queries use, with the kind of its values.</summary>
    public IReadOnlyList<QueryColumn> Columns { get; private set; } = [];

    public int RowGroupCount => footer?.Metadata.RowGroups.Count ?? reader!.RowGroupCount;

    public static async Task<BlockColumnSource> OpenAsync(Stream file, ComputeOptions options, CancellationToken cancellationToken)
    {
        var source = new BlockColumnSource(file, options.ParquetNetOnly ? null : TryReadFooter(file));
        if (source.footer is { } footer)
        {
            source.Columns = [.. footer.Leaves.Select(l => new QueryColumn(l.Path, ParquetQuerySchema.KindOf(l)))];
        }
        else
        {
            var fields = await source.OpenParquetNetAsync(cancellationToken).ConfigureAwait(false);
            source.Columns = [.. fields.Select(f => new QueryColumn(ParquetColumnScanner.ColumnName(f), ParquetColumnScanner.KindOf(f)))];
        }
        return source;
    }

    public async Task<long> RowCountAsync(int rowGroup, CancellationToken cancellationToken) =>
        footer is not null
            ? footer.Metadata.RowGroups[rowGroup].NumRows
            : (await RowGroupReaderAsync(rowGroup, cancellationToken).ConfigureAwait(false)).RowCount;

    /// <summary>The footer's <c>total_uncompressed_size</c> of these columns in a row group: known before anything is decompressed.</summary>
    public async Task<long> UncompressedBytesAsync(int rowGroup, IEnumerable<int> columns, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var column in columns)
        {
            total += footer is not null
                ? footer.Metadata.RowGroups[rowGroup].Columns[column].TotalUncompressedSize
                : (await RowGroupReaderAsync(rowGroup, cancellationToken).ConfigureAwait(false))
                    .GetMetadata(fields![column])?.MetaData?.TotalUncompressedSize ?? 0;
        }
        return total;
    }

    /// <param name="selected">Ascending rows whose text must be materialised; null for every row.</param>
    public async Task<ColumnVector> ReadAsync(int rowGroup, int column, int rows, int[]? selected, CancellationToken cancellationToken)
    {
        if (footer is not null)
        {
            var leaf = footer.Leaves[column];
            var chunk = footer.Metadata.RowGroups[rowGroup].Columns[column];
            if (ColumnChunkDecoder.CanDecode(leaf, chunk) && ColumnChunkDecoder.Decode(file, leaf, chunk, rows, selected) is { } vector)
            {
                return vector;
            }
        }
        var fields = this.fields ?? await OpenParquetNetAsync(cancellationToken).ConfigureAwait(false);
        var field = footer is null
            ? fields[column]
            : fields.FirstOrDefault(f => ParquetColumnScanner.ColumnName(f) == Columns[column].Name)
                ?? throw new UnsupportedParquetException($"Parquet.Net does not see column '{Columns[column].Name}' that the footer names");
        var reader = await RowGroupReaderAsync(rowGroup, cancellationToken).ConfigureAwait(false);
        return await ParquetColumnScanner.ReadAsync(reader, field, rows, selected, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        openRowGroup?.Reader.Dispose();
        if (reader is not null)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    // A footer whose row groups do not list one chunk per leaf is not one our decoder can follow: Parquet.Net
    // reads that file (or says why it cannot), as it does a footer our strict reader refuses.
    private static ParquetFooter? TryReadFooter(Stream file)
    {
        try
        {
            var footer = DecodedFooterCache.Get(file);
            return footer.Metadata.RowGroups.All(g => g.Columns.Count == footer.Leaves.Count) ? footer : null;
        }
        catch (InvalidParquetException)
        {
            return null;
        }
    }

    private async Task<DataField[]> OpenParquetNetAsync(CancellationToken cancellationToken)
    {
        reader = await ParquetReader.CreateAsync(file, ReaderOptions, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        fields = reader.Schema.GetDataFields();
        return fields;
    }

    private async Task<ParquetRowGroupReader> RowGroupReaderAsync(int rowGroup, CancellationToken cancellationToken)
    {
        if (openRowGroup is { } open && open.Index == rowGroup)
        {
            return open.Reader;
        }
        if (reader is null)
        {
            await OpenParquetNetAsync(cancellationToken).ConfigureAwait(false);
        }
        openRowGroup?.Reader.Dispose();
        openRowGroup = null;
        if (rowGroup >= reader!.RowGroupCount)
        {
            throw new BlockRangeException(string.Create(CultureInfo.InvariantCulture,
                $"row group {rowGroup} is outside Parquet.Net's {reader.RowGroupCount}"));
        }
        var opened = reader.OpenRowGroupReader(rowGroup);
        openRowGroup = (rowGroup, opened);
        return opened;
    }
}
