using DataLocal.Common.Parquet;
namespace DataLocal.Client.Writing;

/// <summary>How a file is stored.</summary>
/// <param name="Replication">Replicas per block; 0 = the cluster's default.</param>
/// <param name="BlockSize">Largest block in bytes; 0 = the cluster's default.</param>
/// <param name="Overwrite">Replace an existing file.</param>
/// <param name="RequireParquet">Refuse the file unless it is valid Parquet, whatever its name (else only
/// files named *.parquet or carrying Parquet's magic bytes are validated as Parquet).</param>
/// <param name="Progress">Told how many of the file's bytes have been sent to datanodes so far, as they go.</param>
public sealed record PutOptions(int Replication = 0, long BlockSize = 0, bool Overwrite = false, bool RequireParquet = false, IProgress<long>? Progress = null);

/// <summary>What a put stored.</summary>
public sealed record PutResult(string Path, long Length, int BlockCount, bool IsParquet, long RowCount, string Sha256, string? UnsupportedFeature);
