using Prometheus;

namespace DataLocal.Common.Metrics;

/// <summary>
/// The Prometheus registry of one running role (namenode or datanode). Each role gets its own
/// registry rather than prometheus-net's static default, because tests run several datanodes (and
/// whole clusters) in one process and each must expose only its own figures. Process and .NET runtime
/// metrics (CPU, memory, GC, thread pool) come with it.
/// </summary>
public sealed class RoleMetrics
{
    public RoleMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        RpcDuration = Factory.CreateHistogram(
            "datalocal_rpc_server_duration_seconds",
            "Time the server spent on each gRPC call, by method and status code (streams: until the stream ended).",
            new HistogramConfiguration
            {
                LabelNames = ["method", "code"],
                // 0.25 ms to about 8 s: from a cached lookup to a long poll or a large block transfer.
                Buckets = Histogram.ExponentialBuckets(0.00025, 2, 16),
            });
    }

    public CollectorRegistry Registry { get; }

    public IMetricFactory Factory { get; }

    public Histogram RpcDuration { get; }

    /// <summary>
    /// Registers <paramref name="update"/> to run just before every scrape, so gauges that mirror
    /// state (node counts, stored bytes) are read when asked for instead of being kept up to date.
    /// </summary>
    public void BeforeScrape(Action update) => Registry.AddBeforeCollectCallback(update);
}
