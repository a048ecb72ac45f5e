using DataLocal.NameNode.Datanodes;
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
/// <para>
/// Corrupt replicas (failed checksums) never count and are never copied from; they are deleted only
/// once the block has its full count of good replicas, as HDFS does, so the last copies of a block
/// are never destroyed: while no replica is good, they are what `fs fsck --recover` rebuilds from.
/// A node holding a corrupt replica may receive a good copy when no other node can: the copy
/// replaces the corrupt replica on disk only once it is complete and verified.
/// </para>
/// </summary>
public sealed class ReplicationMonitor(
    BlockMap blockMap,
    DatanodeRegistry registry,
    ReplicaPlacementPolicy placement,
    PendingReplications pendingReplications,
    PendingDeletions pendingDeletions,
    UnknownReplicas unknownReplicas,
    SafeMode safeMode,
    IOptions<NameNodeOptions> options,
    TimeProvider time,
    ILogger<ReplicationMonitor> logger) : BackgroundService
{
    /// <summary>A copy not reported within this time is ordered again (from another holder, perhaps).</summary>
    public static readonly TimeSpan CopyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Copies ordered per scan, so a lost node does not flood the survivors all at once.</summary>
    public const int MaxCopiesPerScan = 64;

    private readonly Lock _scanLock = new();

    // Blocks below what the in-service nodes can give them: looked at every scan until satisfied
    // (a copy may be in flight, or no replica left to copy from).
    private readonly HashSet<long> _needed = [];

    // Blocks at what the in-service nodes allow but below their file's replication: looked at again
    // when nodes come into service.
    private readonly HashSet<long> _waitingForNodes = [];
    private HashSet<string> _lastInService = new(StringComparer.Ordinal);

    // Blocks of committed files with no replica on a live node (HDFS's "missing blocks").
    private readonly HashSet<long> _missing = [];

    /// <summary>Blocks below their file's replication, as of the last scan (HDFS's UnderReplicatedBlocks).</summary>
    public int UnderReplicatedBlocks { get; private set; }

    /// <summary>Blocks of committed files left with no replica on a live node, as of the last scan.</summary>
    public int MissingBlocks { get; private set; }

    /// <summary>Blocks the last scan looked at: on a quiet cluster, none.</summary>
    public int BlocksExaminedLastScan { get; private set; }

    /// <summary>
    /// One pass over the blocks that need a look: those the block map saw change (a replica reported,
    /// lost, found corrupt; a node dead; a file committed), those still short of replicas, those on
    /// draining nodes, and, when nodes came into service, theirs and those waiting for more nodes. Returns how many
    /// copies and deletions it ordered.
    /// </summary>
    public (int Copies, int Deletions) ScanOnce()
    {
        if (safeMode.IsOn)
        {
            // The replica map is incomplete until blocks are reported: nothing is copied or deleted on its
            // word. Changes keep accumulating in the block map until safe mode is left.
            return (0, 0);
        }
        lock (_scanLock)
        {
            return ScanChanged();
        }
    }

    private (int Copies, int Deletions) ScanChanged()
    {
        var deletions = ReleaseUnknownReplicas();
        var dropped = pendingReplications.DropStale(blockMap.IsKnown, registry.IsLive);
        if (dropped > 0)
        {
            logger.StaleCopyOrdersDropped(dropped);
        }
        var writable = registry.WritableNodes();
        var inService = writable.Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        // Replicas on draining (decommissioning) nodes do not count, but they can still be copied from.
        var readable = registry.LiveNodes().Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        var underReplicated = new List<(long BlockId, long Length, List<string> Sources, List<string> Holders, IReadOnlyList<string> Corrupt, int Missing)>();
        var draining = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var node in registry.LiveNodes().Where(n => n.AdminState == AdminState.Decommissioning))
        {
            draining[node.NodeId] = true;
        }

        var toCheck = new HashSet<long>(blockMap.TakeChanged());
        toCheck.UnionWith(_needed);
        var joined = inService.Where(n => !_lastInService.Contains(n)).ToList();
        if (joined.Count > 0)
        {
            toCheck.UnionWith(_waitingForNodes);
            // A node back in service (recommissioned, or back from the dead with its replicas) may
            // make blocks over-replicated.
            foreach (var node in joined)
            {
                toCheck.UnionWith(blockMap.BlocksOn(node));
            }
        }
        _lastInService = inService;
        foreach (var node in draining.Keys)
        {
            toCheck.UnionWith(blockMap.BlocksOn(node));
        }
        BlocksExaminedLastScan = toCheck.Count;
        foreach (var blockId in toCheck)
        {
            _needed.Remove(blockId);
            _waitingForNodes.Remove(blockId);
            // Unknown (deleted) blocks are done with; blocks of no committed file yet are the writer's business.
            if (blockMap.StateOf(blockId) is not { Replication: > 0 } block)
            {
                _missing.Remove(blockId);
                continue;
            }
            var holders = block.Good.Where(inService.Contains).ToList();
            var sources = block.Good.Where(readable.Contains).ToList();
            if (sources.Count == 0)
            {
                _missing.Add(blockId);
            }
            else
            {
                _missing.Remove(blockId);
            }
            var wanted = Math.Min(block.Replication, writable.Count);
            // At least one in-service replica, even when too few nodes are in service for the full count.
            if (holders.Count >= Math.Max(1, wanted))
            {
                pendingReplications.Done(blockId);
            }
            else
            {
                // A draining node is done only when every block it holds is fully replicated elsewhere.
                foreach (var node in block.Good.Where(draining.ContainsKey))
                {
                    draining[node] = false;
                }
            }
            // The file's full replication, not what the cluster can hold now: while fewer nodes are in
            // service, a corrupt replica may still be the only other copy of some of its chunks.
            if (block.Corrupt.Count > 0 && holders.Count >= block.Replication)
            {
                deletions += DropCorruptReplicas(blockId, holders.Count, block.Corrupt);
            }
            if (holders.Count > block.Replication)
            {
                // Drop the extra replicas from the fullest nodes.
                foreach (var extra in holders.OrderBy(h => registry.Find(h)?.RemainingBytes ?? 0).Take(holders.Count - block.Replication))
                {
                    blockMap.RemoveReplica(blockId, extra);
                    pendingDeletions.Add(extra, blockId);
                    deletions++;
                }
            }
            else if (holders.Count < wanted)
            {
                _needed.Add(blockId);
                if (sources.Count > 0 && !pendingReplications.IsInFlight(blockId))
                {
                    underReplicated.Add((blockId, block.Length, sources, holders, block.Corrupt, wanted - holders.Count));
                }
            }
            else if (holders.Count < block.Replication)
            {
                _waitingForNodes.Add(blockId);
            }
        }
        foreach (var (node, drained) in draining.Where(d => d.Value))
        {
            registry.SetAdminState(node, AdminState.Decommissioned);
            logger.NodeDecommissioned(node);
        }

        var copies = 0;
        // The blocks closest to being lost go first, as HDFS's priority queues order them.
        foreach (var (blockId, length, sources, holders, corrupt, missing) in underReplicated.OrderBy(b => b.Holders.Count).Take(MaxCopiesPerScan))
        {
            var targets = ChooseTargets(writable, missing, length, sources, corrupt);
            if (targets.Count == 0)
            {
                continue;
            }
            var source = sources[Random.Shared.Next(sources.Count)];
            pendingReplications.Add(source, new ReplicationWork(blockId, length, [.. targets.Select(t => (t.NodeId, t.Address))]), CopyTimeout);
            copies++;
        }
        UnderReplicatedBlocks = _needed.Count + _waitingForNodes.Count;
        MissingBlocks = _missing.Count;
        if (copies > 0 || deletions > 0)
        {
            logger.ReplicationScan(underReplicated.Count, copies, deletions);
        }
        return (copies, deletions);
    }

    // Nodes that hold nothing of the block first; a node holding a corrupt replica only when no other
    // node can take the copy (a small cluster), since receiving it overwrites the corrupt replica.
    private List<DatanodeDescriptor> ChooseTargets(
        IReadOnlyList<DatanodeDescriptor> writable, int missing, long length, List<string> sources, IReadOnlyList<string> corrupt)
    {
        var holding = sources.Concat(corrupt).ToHashSet(StringComparer.Ordinal);
        var targets = placement.Choose(writable, missing, length, holding).ToList();
        if (targets.Count < missing && corrupt.Count > 0)
        {
            targets.AddRange(placement.Choose(writable.Where(n => corrupt.Contains(n.NodeId)).ToList(), missing - targets.Count, length, sources.ToHashSet(StringComparer.Ordinal)));
        }
        return targets;
    }

    // The block has its full count of good replicas: the corrupt ones are no longer anyone's last copy.
    private int DropCorruptReplicas(long blockId, int good, IReadOnlyList<string> corrupt)
    {
        foreach (var node in corrupt)
        {
            blockMap.RemoveReplica(blockId, node);
            pendingDeletions.Add(node, blockId);
        }
        logger.CorruptReplicasDropped(blockId, good, corrupt.Count);
        return corrupt.Count;
    }

    // Safe mode is over: replicas of blocks that were unknown (or not believed) during it follow the
    // normal rule now (deleted, as a full block report would have had them), unless they match a
    // block that has become known.
    private int ReleaseUnknownReplicas()
    {
        var released = unknownReplicas.TakeAll();
        var deletions = 0;
        foreach (var (nodeId, replica) in released)
        {
            // Judged as a report arriving now would be: believed only if it matches the block's record.
            if (blockMap.Check(replica) != ReplicaCheck.Matches || !blockMap.AddReplica(replica.BlockId, nodeId))
            {
                pendingDeletions.Add(nodeId, replica.BlockId);
                deletions++;
            }
        }
        if (deletions > 0)
        {
            logger.UnknownReplicasReleased(deletions);
        }
        return deletions;
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
