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

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>True when the file is valid Parquet, so blocks end only at row-group boundaries.</summary>
    public bool IsParquet { get; }

    /// <summary>The Parquet footer (metadata, its length, magic), kept by the namenode so a block can be decoded alone.</summary>
    public byte[]? Footer { get; }

    /// <summary>Set when the file is valid Parquet that the compute side cannot decode (e.g. DataPage V2).</summary>
    public string? UnsupportedFeature { get; }

    /// <summary>The file's blocks for a largest block of <paramref name="blockSize"/> bytes.</summary>
    public IReadOnlyList<BlockRange> Split(long blockSize) => _split(blockSize);

    /// <summary>A plan for a file that is not Parquet, cut at fixed offsets.</summary>
    public static FilePlan Plain(long length) => new(length, false, null, null, size => PlainFileSplitter.Split(length, size));

    /// <summary>A plan for a Parquet file, cut at row-group boundaries; <paramref name="unsupportedFeature"/> names what the compute side cannot decode, if anything.</summary>
    public static FilePlan Parquet(ParquetFileLayout layout, string? unsupportedFeature) => new(
        layout.FileLength, true, layout.Footer, unsupportedFeature, size => ParquetBlockSplitter.Split(layout, size));
}
