namespace DataLocal.DataNode.Compute;

/// <summary>Limits that keep one task from eating the datanode.</summary>
public sealed record ComputeOptions
{
    public static ComputeOptions Default { get; } = new();

    /// <summary>
    /// Most uncompressed bytes the referenced columns of one row group may take (from the footer's
    /// <c>total_uncompressed_size</c>, checked before anything is decompressed). A 4 KB file can inflate to
    /// gigabytes; such a row group is refused.
    /// </summary>
    public long MaxRowGroupUncompressedBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// Wall-clock limit of one task's decoding. Parquet.Net can spin forever on some malformed input and
    /// ignores cancellation there, so the decode runs on its own thread that is abandoned at this limit.
    /// </summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Decode every column with Parquet.Net instead of the datanode's own column decoder (which takes the common
    /// types and encodings and leaves the rest to Parquet.Net anyway). For comparing the two on the same data.
    /// </summary>
    public bool ParquetNetOnly { get; init; }
}
