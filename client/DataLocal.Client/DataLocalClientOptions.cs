namespace DataLocal.Client;

/// <summary>Client-side settings.</summary>
public sealed class DataLocalClientOptions
{
    /// <value>
    /// The namenode's RPC address (http://host:port; host:port is taken as http). Used where the client is made from
    /// options alone, as <see cref="DataLocalServiceCollectionExtensions.AddDataLocalClient"/> does; the
    /// <see cref="DataLocalClient(string, DataLocalClientOptions?)"/> constructor's address is used instead of it.
    /// </value>
    public string? NameNode { get; set; }

    /// <value>Longest a Parquet file's validation may take before the put is refused. 10 seconds by default.</value>
    public TimeSpan ParquetValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <value>How long a call may wait on a silent namenode or datanode before it fails (or, for a block, tries the next replica).</value>
    public DataLocal.Common.Grpc.GrpcTimeouts Timeouts { get; set; } = new();

    /// <value>When blocks put and read are LZ4-compressed on the wire: by default to and from other hosts, where a sample shows it pays.</value>
    public DataLocal.Common.Grpc.TransferCompression TransferCompression { get; set; } = new();

    /// <value>The user's token, sent with every call (to the namenode and to datanodes). Null sends none, which every server refuses.</value>
    public string? Token { get; set; }

    /// <value>
    /// PEM file with the cluster's CA, for a cluster running TLS: every call then goes over TLS (http:// addresses
    /// are upgraded) and a server's certificate must be issued by this CA, not merely by one the system trusts.
    /// Null (the default) calls addresses as they are written.
    /// </value>
    public string? TlsCaFile { get; set; }
}
