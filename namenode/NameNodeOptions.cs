using System.ComponentModel.DataAnnotations;

namespace DataLocal.NameNode;

/// <summary>Settings of a namenode, bound from the "NameNode" configuration section and the command line.</summary>
public sealed class NameNodeOptions : IValidatableObject
{
    public const string SectionName = "NameNode";

    /// <value>Directory holding the LiteDB metadata file. Required.</value>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <value>gRPC port (HTTP/2) for clients and datanodes; 0 picks a free one. 8020 by default, as HDFS.</value>
    [Range(0, 65535)]
    public int Port { get; set; } = 8020;

    /// <value>HTTP/1.1 port of the status pages and /metrics; 0 picks a free one, -1 turns it off. 9870 by default.</value>
    [Range(-1, 65535)]
    public int HttpPort { get; set; } = 9870;

    /// <value>Address to bind (RPC and HTTP): an IP of this machine, 0.0.0.0 for every interface, or a hostname. 127.0.0.1 by default: a local cluster stays on loopback.</value>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <value>
    /// How long the namenode waits for a registering datanode to answer at its advertised address before
    /// reporting it unreachable. 5 seconds by default: a refused or wrong address fails at once anyway,
    /// and a freshly started process on a loaded machine can take seconds to answer its first call.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan ReachabilityProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <value>How often a datanode reported unreachable is probed again, so one fixed (a port opened) is used again. 5 seconds by default.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan UnreachableRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <value>Replicas per block when a write does not say. 3 by default, as HDFS.</value>
    [Range(1, 32)]
    public int DefaultReplication { get; set; } = 3;

    /// <value>Block size when a write does not say. 64 MiB by default.</value>
    [Range(1024, long.MaxValue)]
    public long DefaultBlockSize { get; set; } = 64L * 1024 * 1024;

    /// <value>
    /// How often datanodes are told to heartbeat. 3 seconds by default, as HDFS's dfs.heartbeat.interval:
    /// each heartbeat wakes the namenode, and at one a second they were most of an idle cluster's cost.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <value>
    /// Silence after which a datanode is marked dead. 30 seconds (ten heartbeats) by default; at least
    /// two heartbeat intervals, so one late heartbeat never kills a node. HDFS waits 10.5 minutes, sized
    /// for thousands of nodes; a running task on a silent node is requeued sooner, after TaskLivenessTimeout.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan DeadNodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <value>Idle time after which an unfinished write is abandoned and its blocks deleted. 60 seconds by default.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan WriteLeaseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <value>How often every block's replica count is checked against its file's replication. 3 seconds by default, as HDFS's dfs.namenode.replication.interval.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan ReplicationCheckInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <value>How long a job waits for a slot at a more local level before accepting a less local one. 3 seconds by default, as Spark's spark.locality.wait; 0 turns waiting off.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan LocalityWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <value>Attempts a task gets before its job fails; a lost node does not count. 4 by default, as Spark's spark.task.maxFailures.</value>
    [Range(1, 100)]
    public int MaxTaskAttempts { get; set; } = 4;

    /// <value>
    /// How long an executor's request for work waits on the namenode for a task before it is answered with
    /// none. 20 seconds by default: an idle slot costs one call per wait. At most 25 s, under the 30 s
    /// deadline every control call carries.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:25")]
    public TimeSpan TaskPullWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <value>Longest a task attempt may run before it is failed (and retried elsewhere, counting as a failure). 10 minutes by default.</value>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <value>
    /// How long a running attempt may go unnamed by its executor's running-task listings (sent every
    /// second) before it is written off as lost and requeued: its report was lost or its slot failed. 10 seconds by default.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan TaskLivenessTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <value>
    /// Speculative execution of stragglers, as Spark's spark.speculation: a running task much slower
    /// than its job's finished ones gets one more attempt on another node, and the first to finish
    /// wins. Off by default, as in Spark.
    /// </value>
    public bool Speculation { get; set; }

    /// <value>How many times slower than the median of its job's finished tasks a task must be to be speculated. 1.5 by default, as spark.speculation.multiplier.</value>
    [Range(1.0, 1000.0)]
    public double SpeculationMultiplier { get; set; } = 1.5;

    /// <value>Share of a job's tasks that must have finished before any of its tasks is speculated. 0.75 by default, as spark.speculation.quantile.</value>
    [Range(0.0, 1.0)]
    public double SpeculationQuantile { get; set; } = 0.75;

    /// <value>How often running jobs are checked for tasks to speculate, while jobs run. 100 ms by default, as spark.speculation.interval.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan SpeculationInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <value>Least time a task must have run before it may be speculated, however short its job's tasks are. 100 ms by default, as spark.speculation.minTaskRuntime.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan SpeculationMinTaskRuntime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <value>
    /// Most bytes of results one job may bring to the namenode: the partial results its tasks report
    /// (held in memory until the merge) and, again, the merged result as text. A job over it fails
    /// with a message naming --max-result-size and suggesting --output. 256 MiB by default: Spark's
    /// spark.driver.maxResultSize is 1 GiB for a driver sized for it, while a namenode here shares a
    /// small machine with datanodes, holds the partials and the merged rows at once (several times
    /// the limit at the peak, strings being UTF-16 in memory) and may run several jobs together. At most 1 GiB: a task's
    /// partial result travels in one gRPC message, and protobuf messages end at 2 GiB.
    /// </value>
    [Range(1024, 1L << 30)]
    public long MaxResultSize { get; set; } = 256L * 1024 * 1024;

    /// <value>Longest a job may run before it is failed and its running attempts cancelled; a submit may ask for another. 1 hour by default.</value>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <value>
    /// Jobs that may run at once; a submit beyond it is refused with a message saying so. 16 by
    /// default: each running job may hold up to --max-result-size of results on the namenode.
    /// </value>
    [Range(1, 10_000)]
    public int MaxRunningJobs { get; set; } = 16;

    /// <value>
    /// Jobs one user may run at once; a submit beyond it is refused with a message naming this setting, as
    /// beyond <see cref="MaxRunningJobs"/>. 8 by default, so one user cannot take every slot of a shared cluster.
    /// </value>
    [Range(1, 10_000)]
    public int MaxRunningJobsPerUser { get; set; } = 8;

    /// <value>
    /// URL prefixes jobs may read with FROM 'http(s)://…', e.g. https://data.example.com/public/. Empty (the
    /// default) turns external sources off. A prefix without a port allows every port of its host. Loopback,
    /// link-local, private and the cluster's own addresses are refused unless a prefix names that very host.
    /// </value>
    public List<string> AllowExternal { get; set; } = [];

    /// <value>
    /// File holding the cluster secret datanodes present (owner-only permissions, as ssh keys). Empty (the
    /// default) means cluster-secret in the metadata directory, created with a new secret when missing.
    /// </value>
    public string ClusterSecretFile { get; set; } = string.Empty;

    /// <value>
    /// File holding the first admin's token, used once: when the namenode has no users, it creates the
    /// admin user "admin" with this token (creating the file with a new one when missing). Empty (the
    /// default) means admin-token in the metadata directory.
    /// </value>
    public string AdminTokenFile { get; set; } = string.Empty;

    /// <value>
    /// PEM file with this node's TLS certificate, served on its gRPC and HTTP ports. Empty (the default)
    /// means no TLS. With TLS, <see cref="TlsKeyFile"/> and <see cref="TlsCaFile"/> are needed too.
    /// </value>
    public string TlsCertFile { get; set; } = string.Empty;

    /// <value>PEM file with the private key of <see cref="TlsCertFile"/>, owner-only as any secret.</value>
    public string TlsKeyFile { get; set; } = string.Empty;

    /// <value>PEM file with the cluster CA: the certificates of the nodes this one calls must be issued by it (the system store is not consulted).</value>
    public string TlsCaFile { get; set; } = string.Empty;

    /// <value>
    /// How often the key that signs block access tokens is replaced, as HDFS's dfs.block.access.key.update.interval.
    /// 10 minutes by default. Datanodes learn a key one interval before it signs anything (on heartbeats), and
    /// the previous key stays valid until every token it signed has expired.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.010", "365.00:00:00")]
    public TimeSpan BlockTokenKeyUpdateInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <value>
    /// How long a block access token is valid, as HDFS's dfs.block.access.token.lifetime. 10 minutes by
    /// default; a client whose token expires during a long read fetches the block's locations again.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.010", "365.00:00:00")]
    public TimeSpan BlockTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The cluster secret file in effect.</summary>
    public string ClusterSecretPath => string.IsNullOrEmpty(ClusterSecretFile) ? System.IO.Path.Combine(Directory, "cluster-secret") : ClusterSecretFile;

    /// <summary>The admin token file in effect.</summary>
    public string AdminTokenPath => string.IsNullOrEmpty(AdminTokenFile) ? System.IO.Path.Combine(Directory, "admin-token") : AdminTokenFile;

    /// <summary>Rules between settings, checked at start-up with the single-setting ranges.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DeadNodeTimeout < 2 * HeartbeatInterval)
        {
            yield return new ValidationResult(
                $"{DeadNodeTimeout.TotalSeconds:0.###} s is shorter than two heartbeat intervals ({HeartbeatInterval.TotalSeconds:0.###} s each): "
                + "live datanodes would be declared dead; raise the dead-node timeout or shorten the heartbeat interval",
                [nameof(DeadNodeTimeout)]);
        }
    }
}
