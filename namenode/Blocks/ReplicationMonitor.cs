using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Responsible for keeping every block at its file's replication: orders copies of under-replicated
/// blocks (those down to one replica first) from a live holder to new nodes, deletes the extra
/// replicas of over-replicated ones (a dead node that came back), and drains decommissioning nodes
/// (their replicas do not count; once every block they hold is replicated elsewhere they are
/// decommissioned). Orders ride on heartbeat replies.
/// </summary>
public sealed class ReplicationMonitor(
    NamespaceManager namespaceManager,
    BlockMap blockMap,
    DatanodeRegistry registry,
    ReplicaPlacementPolicy placement,
    PendingReplications pendingReplications,
    PendingDeletions pendingDeletions,
    SafeMode safeMode,
    IOptions<NameNodeOptions> options,
    TimeProvider time,
    ILogger<ReplicationMonitor> logger) : BackgroundService
{
    /// <summary>A copy not reported within this time is ordered again (from another holder, perhaps).</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Copies ordered per scan, so a lost node does not flood the survivors all at once.</summary>
    public const int MaxCopiesPerScan = 64;

    /// <summary>One pass over every block. Returns how many copies and deletions it ordered.</summary>
    public (int Copies, int Deletions) ScanOnce()
    {
        if (safeMode.IsOn)
        {
            // The replica map is incomplete until blocks are reported: nothing is copied or deleted on its word.
            return (0, 0);
        }
        var writable = registry.WritableNodes();
        var inService = writable.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        // Replicas on draining (decommissioning) nodes do not count, but they can still be copied from.
        var readable = registry.LiveNodes().Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        var underReplicated = new List<(long BlockId, long Length, List<string> Sources, List<string> Holders, int Missing)>();
        var draining = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var node in registry.LiveNodes().Where(n => n.AdminState == AdminState.Decommissioning))
        {
            draining[node.NodeId] = true;
        }
        var deletions = 0;
        foreach (var file in namespaceManager.AllFiles())
        {
            foreach (var block in file.Blocks)
            {
                var replicas = blockMap.ReplicasOf(block.BlockId);
                var holders = replicas.Where(inService.Contains).ToList();
                var sources = replicas.Where(readable.Contains).ToList();
                var wanted = Math.Min(file.Replication, writable.Count);
                // At least one in-service replica, even when too few nodes are in service for the full count.
                if (holders.Count >= Math.Max(1, wanted))
                {
                    pendingReplications.Done(block.BlockId);
                }
                else
                {
                    // A draining node is done only when every block it holds is fully replicated elsewhere.
                    foreach (var node in replicas.Where(draining.ContainsKey))
                    {
                        draining[node] = false;
                    }
                }
                if (holders.Count > file.Replication)
                {
                    // Drop the extra replicas from the fullest nodes.
                    foreach (var extra in holders.OrderBy(h => registry.Find(h)?.RemainingBytes ?? 0).Take(holders.Count - file.Replication))
                    {
                        blockMap.RemoveReplica(block.BlockId, extra);
                        pendingDeletions.Add(extra, block.BlockId);
                        deletions++;
                    }
                }
                else if (sources.Count > 0 && holders.Count < wanted && !pendingReplications.IsInFlight(block.BlockId))
                {
                    underReplicated.Add((block.BlockId, block.Length, sources, holders, wanted - holders.Count));
                }
            }
        }
        foreach (var (node, drained) in draining.Where(d => d.Value))
        {
            registry.SetAdminState(node, AdminState.Decommissioned);
            logger.NodeDecommissioned(node);
        }

        var copies = 0;
        // The blocks closest to being lost go first, as HDFS's priority queues order them.
        foreach (var (blockId, length, sources, holders, missing) in underReplicated.OrderBy(b => b.Holders.Count).Take(MaxCopiesPerScan))
        {
            var targets = placement.Choose(writable, missing, length, sources.ToHashSet(StringComparer.Ordinal));
            if (targets.Count == 0)
            {
                continue;
            }
            var source = sources[Random.Shared.Next(sources.Count)];
            pendingReplications.Add(source, new ReplicationWork(blockId, length, [.. targets.Select(t => (t.NodeId, t.Address))]), CopyTimeout);
            copies++;
        }
        if (copies > 0 || deletions > 0)
        {
            logger.ReplicationScan(underReplicated.Count, copies, deletions);
        }
        return (copies, deletions);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Right after a (re)start the replica map is still filling from block reports; judging it now
        // would order needless copies and then delete them. Wait one dead-node timeout, by which
        // every live datanode has re-registered and reported.
        await Task.Delay(options.Value.DeadNodeTimeout, time, stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(options.Value.ReplicationCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            ScanOnce();
        }
    }
}
