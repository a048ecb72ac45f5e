namespace DataLocal.Client;

/// <summary>Client-side settings.</summary>
public sealed class DataLocalClientOptions
{
    /// <value>Longest a Parquet file's validation may take before the put is refused. 10 seconds by default.</value>
    public TimeSpan ParquetValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
