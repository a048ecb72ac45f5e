using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Responsible for keeping every block at its file's replication: orders copies of under-replicated
/// blocks (those down to one replica first) from a live holder to new nodes, and deletes the extra
/// replicas of over-replicated ones (a dead node that came back). Orders ride on heartbeat replies.
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
        var live = registry.LiveNodes();
        var liveIds = live.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        var underReplicated = new List<(long BlockId, long Length, List<string> Holders, int Missing)>();
        var deletions = 0;
        foreach (var file in namespaceManager.AllFiles())
        {
            foreach (var block in file.Blocks)
            {
                var holders = blockMap.ReplicasOf(block.BlockId).Where(liveIds.Contains).ToList();
                var wanted = Math.Min(file.Replication, live.Count);
                if (holders.Count >= wanted)
                {
                    pendingReplications.Done(block.BlockId);
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
                else if (holders.Count > 0 && holders.Count < wanted && !pendingReplications.IsInFlight(block.BlockId))
                {
                    underReplicated.Add((block.BlockId, block.Length, holders, wanted - holders.Count));
                }
            }
        }

        var copies = 0;
        // The blocks closest to being lost go first, as HDFS's priority queues order them.
        foreach (var (blockId, length, holders, missing) in underReplicated.OrderBy(b => b.Holders.Count).Take(MaxCopiesPerScan))
        {
            var targets = placement.Choose(live, missing, length, holders.ToHashSet(StringComparer.Ordinal));
            if (targets.Count == 0)
            {
                continue;
            }
            var source = holders[Random.Shared.Next(holders.Count)];
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
