using DataLocal.Common.Parquet;
namespace DataLocal.Client.Parquet;

/// <summary>Limits of the Parquet.Net decode stage of <see cref="ParquetValidator"/>.</summary>
public sealed record ParquetValidatorOptions
{
    /// <summary>Wall-clock limit of the decode stage; Parquet.Net is abandoned (not awaited) beyond it.</summary>
    public TimeSpan DecodeTimeLimit { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Uncompressed bytes decoded at most: row groups are decoded in order while they fit. Later row groups
    /// are still checked structurally, just not decoded, so validating a large file stays fast and bounded.
    /// </summary>
    public long DecodeBudgetBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Values (column entries) decoded at most, because decoded values can outgrow their bytes.</summary>
    public long DecodeBudgetValues { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// Uncompressed-to-stored ratio beyond which a row group too large to decode is reported as a
    /// decompression bomb. Real data compresses 2-50x; a 4 KB file inflating to 2 GiB is 500,000x.
    /// </summary>
    public double BombInflationRatio { get; init; } = 1000;
}
