using DataLocal.Common.Parquet;
namespace DataLocal.Client.Layout;

/// <summary>How a local file will be cut into blocks: at row-group boundaries for Parquet, at the block size otherwise.</summary>
public sealed class FilePlan
{
    private readonly Func<long, IReadOnlyList<BlockRange>> _split;

    private FilePlan(long length, bool isParquet, byte[]? footer, string? unsupportedFeature, Func<long, IReadOnlyList<BlockRange>> split)
    {
        Length = length;
        IsParquet = isParquet;
        Footer = footer;
        UnsupportedFeature = unsupportedFeature;
        _split = split;
    }

    public long Length { get; }

    public bool IsParquet { get; }

    /// <summary>The Parquet footer (metadata, its length, magic), kept by the namenode so a block can be decoded alone.</summary>
    public byte[]? Footer { get; }

    /// <summary>Set when the file is valid Parquet that the compute side cannot decode (e.g. DataPage V2).</summary>
    public string? UnsupportedFeature { get; }

    public IReadOnlyList<BlockRange> Split(long blockSize) => _split(blockSize);

    public static FilePlan Plain(long length) => new(length, false, null, null, size => PlainFileSplitter.Split(length, size));

    public static FilePlan Parquet(ParquetFileLayout layout, string? unsupportedFeature) => new(
        layout.FileLength, true, layout.Footer, unsupportedFeature, size => ParquetBlockSplitter.Split(layout, size));
}
