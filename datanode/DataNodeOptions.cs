using DataLocal.Common.Grpc;
using System.ComponentModel.DataAnnotations;

namespace DataLocal.DataNode;

/// <summary>Settings of a datanode, bound from the "DataNode" configuration section and the command line.</summary>
public sealed class DataNodeOptions
{
    public const string SectionName = "DataNode";

    /// <value>The namenode's RPC address, e.g. http://127.0.0.1:8020. Required.</value>
    [Required]
    public string NameNodeAddress { get; set; } = string.Empty;

    /// <value>Directory holding this node's replicas and identity. Required.</value>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <value>
    /// File holding the cluster secret (the namenode's, copied with owner-only permissions): the datanode
    /// presents it to the namenode and other datanodes, and accepts it from them. Required.
    /// </value>
    [Required]
    public string ClusterSecretFile { get; set; } = string.Empty;

    /// <value>
    /// PEM file with this node's TLS certificate, served on its gRPC and HTTP ports. Empty (the default)
    /// means no TLS. With TLS, <see cref="TlsKeyFile"/> and <see cref="TlsCaFile"/> are needed too.
    /// </value>
    public string TlsCertFile { get; set; } = string.Empty;

    /// <value>PEM file with the private key of <see cref="TlsCertFile"/>, owner-only as any secret.</value>
    public string TlsKeyFile { get; set; } = string.Empty;

    /// <value>PEM file with the cluster CA: the certificates of the nodes this one calls must be issued by it (the system store is not consulted).</value>
    public string TlsCaFile { get; set; } = string.Empty;

    /// <value>Data-transfer port (gRPC, HTTP/2); 0 picks a free one. 9866 by default, as HDFS.</value>
    [Range(0, 65535)]
    public int Port { get; set; } = 9866;

    /// <value>
    /// HTTP/1.1 port of /metrics (Prometheus) and /healthz; 0 picks a free one, -1 turns it off.
    /// 9864 by default, as HDFS's dfs.datanode.http.address.
    /// </value>
    [Range(-1, 65535)]
    public int HttpPort { get; set; } = 9864;

    /// <value>Address to bind: an IP of this machine, 0.0.0.0 for every interface, or a hostname. 127.0.0.1 by default.</value>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <value>
    /// Hostname or IP other hosts reach this datanode at, sent to the namenode which hands it to
    /// clients and other datanodes. Empty (the default) means the bound address, or for a wildcard
    /// bind this machine's first non-loopback IPv4 address.
    /// </value>
    public string AdvertiseHost { get; set; } = string.Empty;

    /// <value>Rack of this node, e.g. /rack1; empty means the namenode's default rack.</value>
    public string Rack { get; set; } = string.Empty;

    /// <value>How often a full block report is sent after the first. 60 seconds by default.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan BlockReportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <value>Tasks this node runs at once. Its core count by default, as a Spark executor's cores.</value>
    [Range(0, 256)]
    public int TaskSlots { get; set; } = Environment.ProcessorCount;

    /// <value>How long an idle slot waits before asking the namenode for work again. 100 ms by default.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan TaskPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <value>How often the executor lists its running attempts to the namenode, which writes off attempts left unlisted. 1 second by default.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan RunningListingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <value>
    /// Block copies ordered by the namenode (re-replication) that run at once; more wait in a queue.
    /// 2 by default: enough to keep a disk and a link busy, few enough to leave room for clients and tasks
    /// (HDFS's dfs.namenode.replication.max-streams, 2 by default, bounds the same thing from the namenode).
    /// </value>
    [Range(1, 16)]
    public int ReplicationWorkers { get; set; } = 2;

    /// <value>
    /// When block pieces sent to or read from other nodes are LZ4-compressed: Auto (the default) to
    /// and from other hosts, for pieces a sample shows will shrink; Lz4 over loopback too; None never.
    /// </value>
    public TransferCompressionMode TransferCompression { get; set; } = TransferCompressionMode.Auto;

    /// <value>Bytes covered by one CRC32C checksum. 512 by default, as HDFS's dfs.bytes-per-checksum.</value>
    [Range(64, 1 << 20)]
    public int BytesPerChecksum { get; set; } = 512;
}
