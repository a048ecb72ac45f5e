using DataLocal.Common.Metrics;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Scheduling;
using Prometheus;

namespace DataLocal.NameNode.Http;

/// <summary>
/// Gauges mirroring the namenode's state, read from its own structures just before each scrape
/// rather than kept up to date on every change: datanodes by state, capacity, heartbeat ages,
/// files, blocks (under-replicated, missing, corrupt), safe mode and running jobs.
/// </summary>
public sealed class NameNodeStateGauges
{
    private readonly Gauge _datanodes;
    private readonly Gauge _capacity;
    private readonly Gauge _used;
    private readonly Gauge _remaining;
    private readonly Gauge _heartbeatAge;
    private readonly HashSet<string> _nodesWithAgeSeries = new(StringComparer.Ordinal);

    public NameNodeStateGauges(
        RoleMetrics metrics, DatanodeRegistry registry, NamespaceManager ns, BlockMap blocks, ReplicationMonitor replication,
        PendingReplications copies, UnknownReplicas unknown, SafeMode safeMode, JobManager jobs, TimeProvider time)
    {
        var factory = metrics.Factory;
        _datanodes = factory.CreateGauge("datalocal_datanodes", "Datanodes known to the namenode, by state: live, dead, decommissioning, decommissioned.", ["state"]);
        _capacity = factory.CreateGauge("datalocal_capacity_bytes", "Disk capacity of the live datanodes' data directories.");
        _used = factory.CreateGauge("datalocal_capacity_used_bytes", "Bytes the live datanodes' replicas use.");
        _remaining = factory.CreateGauge("datalocal_capacity_remaining_bytes", "Bytes left for replicas on the live datanodes.");
        _heartbeatAge = factory.CreateGauge("datalocal_datanode_heartbeat_age_seconds", "Seconds since each datanode's last heartbeat.", ["node"]);
        var files = factory.CreateGauge("datalocal_files", "Files in the namespace.");
        var blockCount = factory.CreateGauge("datalocal_blocks", "Blocks the namenode knows (committed files and open writes).");
        var underReplicated = factory.CreateGauge("datalocal_blocks_under_replicated", "Blocks below their file's replication, as of the last replication scan.");
        var missing = factory.CreateGauge("datalocal_blocks_missing", "Blocks of committed files with no replica on a live datanode, as of the last replication scan.");
        var corruptBlocks = factory.CreateGauge("datalocal_blocks_corrupt", "Blocks with no good replica left, only corrupt ones.");
        var corruptReplicas = factory.CreateGauge("datalocal_replicas_corrupt", "Replicas that failed their checksums.");
        var unknownReplicas = factory.CreateGauge("datalocal_replicas_unknown", "Replicas of unknown blocks kept while in safe mode.");
        var inFlight = factory.CreateGauge("datalocal_replications_in_flight", "Block copies ordered and not yet reported.");
        var safeModeOn = factory.CreateGauge("datalocal_safe_mode", "1 while the namenode is in safe mode (read-only), else 0.");
        var jobsRunning = factory.CreateGauge("datalocal_jobs_running", "Jobs running now.");
        metrics.BeforeScrape(() =>
        {
            ObserveNodes(registry.AllNodes(), time.GetUtcNow());
            var corruption = blocks.CorruptionCounts();
            files.Set(ns.CountFiles());
            blockCount.Set(blocks.BlockCount);
            underReplicated.Set(replication.UnderReplicatedBlocks);
            missing.Set(replication.MissingBlocks);
            corruptBlocks.Set(corruption.CorruptBlocks);
            corruptReplicas.Set(corruption.CorruptReplicas);
            unknownReplicas.Set(unknown.Count);
            inFlight.Set(copies.InFlightCount);
            safeModeOn.Set(safeMode.IsOn ? 1 : 0);
            jobsRunning.Set(jobs.RunningJobCount);
        });
    }

    private void ObserveNodes(IReadOnlyList<DatanodeDescriptor> nodes, DateTimeOffset now)
    {
        var live = nodes.Where(n => n.State == DatanodeState.Live).ToList();
        _datanodes.WithLabels("live").Set(live.Count(n => n.AdminState == AdminState.Normal));
        _datanodes.WithLabels("dead").Set(nodes.Count(n => n.State == DatanodeState.Dead));
        _datanodes.WithLabels("decommissioning").Set(live.Count(n => n.AdminState == AdminState.Decommissioning));
        _datanodes.WithLabels("decommissioned").Set(live.Count(n => n.AdminState == AdminState.Decommissioned));
        _capacity.Set(live.Sum(n => n.CapacityBytes));
        _used.Set(live.Sum(n => n.UsedBytes));
        _remaining.Set(live.Sum(n => n.RemainingBytes));
        // Scrapes may overlap; the set of labelled series is kept under one lock.
        lock (_nodesWithAgeSeries)
        {
            foreach (var node in nodes)
            {
                _heartbeatAge.WithLabels(node.NodeId).Set(Math.Max(0, (now - node.LastHeartbeat).TotalSeconds));
                _nodesWithAgeSeries.Add(node.NodeId);
            }
            // A node the registry forgot must not keep reporting its last age for ever.
            foreach (var gone in _nodesWithAgeSeries.Except(nodes.Select(n => n.NodeId), StringComparer.Ordinal).ToList())
            {
                _heartbeatAge.RemoveLabelled(gone);
                _nodesWithAgeSeries.Remove(gone);
            }
        }
    }
}
