using DataLocal.Common.Parquet;
namespace DataLocal.Client.Parquet;

/// <summary>What validation found out about a file that looked like Parquet.</summary>
/// <param name="Layout">The Parquet layout; null when the file is to be stored as a plain file (e.g. an encrypted footer).</param>
/// <param name="UnsupportedFeature">
/// Null when Parquet.Net decoded the file (or as much as the decode budget allows); otherwise one line saying
/// what it could not decode, for a file that is nevertheless structurally valid and can be stored.
/// </param>
public sealed record ParquetInspection(ParquetFileLayout? Layout, string? UnsupportedFeature)
{
    /// <summary>True when the file is stored as Parquet, with blocks cut at row groups.</summary>
    public bool IsParquet => Layout is not null;
}
