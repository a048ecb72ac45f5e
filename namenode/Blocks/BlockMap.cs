using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Which blocks exist and which datanodes hold a replica of each. Replica locations are soft
/// state, rebuilt from block reports; the set of blocks comes from committed files and open writes.
/// It knows block ids and node ids, never paths.
/// <para>
/// A replica that failed its checksum is kept apart as corrupt (HDFS's CorruptReplicasMap): it is
/// never served or copied from and does not count towards the block's replication, but it is not
/// forgotten, because while no good replica exists its good chunks are all that is left of the block.
/// Deciding when a corrupt replica may be deleted is the replication monitor's job.
/// </para>
/// <para>
/// Each block carries the generation stamp it was allocated with, and a replica a datanode reports
/// is believed (<see cref="Check"/>) only when its stamp, and once the file is committed its length,
/// match: a forged or stale claim never counts towards replication, so it can never make real
/// replicas look like extras to be trimmed.
/// </para>
/// <para>
/// Each block of a committed file also carries its expected replication and length (as HDFS's
/// BlockInfo does), and every change to a block's replicas puts it on a list of changed blocks, so
/// the replication monitor looks only at blocks something happened to instead of every file.
/// </para>
/// </summary>
public sealed class BlockMap
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, BlockReplicas> _blocks = [];
    private readonly Dictionary<string, HashSet<long>> _blocksByNode = new(StringComparer.Ordinal);
    private HashSet<long> _changed = [];

    private long _goodReplicasAdded;

    /// <summary>
    /// Counts good replicas that appeared (written, copied, reported, or a corrupt one replaced): a
    /// scheduler's index of where pending tasks' replicas are is current while this has not changed.
    /// </summary>
    public long GoodReplicasAdded => Volatile.Read(ref _goodReplicasAdded);

    public int BlockCount
    {
        get { lock (_lock) { return _blocks.Count; } }
    }

    /// <summary>
    /// Makes a newly allocated block known with a fresh, unguessable generation stamp (see
    /// <see cref="GenerationStamps"/>) and returns the stamp, which the writer sends to its pipeline.
    /// </summary>
    public long AddNewBlock(long blockId)
    {
        var stamp = GenerationStamps.Next();
        AddBlock(blockId, stamp);
        return stamp;
    }

    /// <summary>Makes a block known with the stamp it was allocated with (<see cref="GenerationStamps.None"/> for blocks older than stamps), so replicas reported for it are kept.</summary>
    public void AddBlock(long blockId, long generationStamp)
    {
        lock (_lock)
        {
            _blocks.TryAdd(blockId, new BlockReplicas { GenerationStamp = generationStamp });
        }
    }

    /// <summary>The stamp a known block was allocated with; <see cref="GenerationStamps.None"/> when unknown or older than stamps.</summary>
    public long GenerationStampOf(long blockId)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(blockId, out var replicas) ? replicas.GenerationStamp : GenerationStamps.None;
        }
    }

    /// <summary>Writes each block's stamp, as the namenode allocated it, into a file about to be committed (whatever its writer said).</summary>
    public void StampBlocks(INodeRecord file)
    {
        foreach (var block in file.Blocks)
        {
            block.GenerationStamp = GenerationStampOf(block.BlockId);
        }
    }

    /// <summary>
    /// Whether a reported replica is one the namenode can believe: its stamp must be the block's (a
    /// block recorded without a stamp, written before stamps existed, accepts only a replica without
    /// one), and once the block's file is committed its length must be the committed length. Before
    /// commit the length is not known yet, and the stamp alone tells a pipeline's replica from a claim.
    /// </summary>
    public ReplicaCheck Check(ReportedReplica replica)
    {
        lock (_lock)
        {
            if (!_blocks.TryGetValue(replica.BlockId, out var block))
            {
                return ReplicaCheck.UnknownBlock;
            }
            var lengthKnown = block.Replication > 0;
            return replica.GenerationStamp == block.GenerationStamp && (!lengthKnown || replica.Length == block.Length)
                ? ReplicaCheck.Matches
                : ReplicaCheck.Mismatch;
        }
    }

    public bool IsKnown(long blockId)
    {
        lock (_lock) { return _blocks.ContainsKey(blockId); }
    }

    /// <summary>
    /// Records the replication and length a block of a committed file should have (at commit, at
    /// start-up, on a change of replication). Until then a block (of an open write or staged job
    /// output) is never copied or trimmed. False when the block is unknown.
    /// </summary>
    public bool Expect(long blockId, int replication, long length)
    {
        lock (_lock)
        {
            if (!_blocks.TryGetValue(blockId, out var replicas))
            {
                return false;
            }
            replicas.Replication = replication;
            replicas.Length = length;
            _changed.Add(blockId);
            return true;
        }
    }

    /// <summary>Records the replication of every block of a file just committed (or loaded at start-up).</summary>
    public void Expect(int replication, IEnumerable<(long BlockId, long Length)> blocks)
    {
        foreach (var (blockId, length) in blocks)
        {
            Expect(blockId, replication, length);
        }
    }

    /// <summary>Everything known about one block, read at one moment; null when the block is unknown.</summary>
    public BlockState? StateOf(long blockId)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(blockId, out var replicas)
                ? new BlockState(blockId, replicas.Replication, replicas.Length, [.. replicas.Good], [.. replicas.Corrupt])
                : null;
        }
    }

    /// <summary>The blocks whose replicas or expectations changed since the last call, and forgets them.</summary>
    public IReadOnlyCollection<long> TakeChanged()
    {
        lock (_lock)
        {
            var changed = _changed;
            _changed = [];
            return changed;
        }
    }

    /// <summary>The blocks a node holds a replica of, good or corrupt.</summary>
    public IReadOnlyList<long> BlocksOn(string nodeId)
    {
        lock (_lock)
        {
            return _blocksByNode.TryGetValue(nodeId, out var blocks) ? [.. blocks] : [];
        }
    }

    /// <summary>Forgets a block; returns the nodes that still hold a replica (good or corrupt) and should delete it.</summary>
    public IReadOnlyList<string> RemoveBlock(long blockId)
    {
        lock (_lock)
        {
            if (!_blocks.Remove(blockId, out var replicas))
            {
                return [];
            }
            _changed.Remove(blockId);
            var nodes = replicas.Good.Concat(replicas.Corrupt).ToList();
            foreach (var node in nodes)
            {
                _blocksByNode[node].Remove(blockId);
            }
            return nodes;
        }
    }

    /// <summary>
    /// Records a freshly written replica (a write, a copy or a rebuild): it is good, even where the
    /// node held a corrupt replica before, since the new one replaced it on disk. False when the
    /// block is unknown.
    /// </summary>
    public bool AddReplica(long blockId, string nodeId)
    {
        lock (_lock)
        {
            if (!_blocks.TryGetValue(blockId, out var replicas))
            {
                return false;
            }
            replicas.Corrupt.Remove(nodeId);
            if (replicas.Good.Add(nodeId))
            {
                Interlocked.Increment(ref _goodReplicasAdded);
            }
            BlocksOf(nodeId).Add(blockId);
            _changed.Add(blockId);
            return true;
        }
    }

    /// <summary>
    /// Records that a node's replica failed its checksum: it stops counting and being served, but is
    /// kept. False when the block is unknown or the node holds no replica of it that the namenode
    /// believes: a report about a replica that is not there must not put a name in the corrupt set.
    /// </summary>
    public bool MarkCorrupt(long blockId, string nodeId)
    {
        lock (_lock)
        {
            if (!_blocks.TryGetValue(blockId, out var replicas) || !(replicas.Good.Contains(nodeId) || replicas.Corrupt.Contains(nodeId)))
            {
                return false;
            }
            replicas.Good.Remove(nodeId);
            replicas.Corrupt.Add(nodeId);
            BlocksOf(nodeId).Add(blockId);
            _changed.Add(blockId);
            return true;
        }
    }

    /// <summary>Forgets one node's replica, good or corrupt (it was deleted).</summary>
    public void RemoveReplica(long blockId, string nodeId)
    {
        lock (_lock)
        {
            if (_blocks.TryGetValue(blockId, out var replicas))
            {
                replicas.Good.Remove(nodeId);
                replicas.Corrupt.Remove(nodeId);
                _changed.Add(blockId);
            }
            if (_blocksByNode.TryGetValue(nodeId, out var blocks))
            {
                blocks.Remove(blockId);
            }
        }
    }

    /// <summary>
    /// Replaces everything known about a node with its full block report. A replica stays corrupt
    /// while the node still reports it (a report lists what is on disk, not whether it verifies), or
    /// becomes corrupt when the node itself flags it. Returns the reported blocks that belong to no
    /// file or open write.
    /// </summary>
    public IReadOnlyList<long> ApplyFullReport(string nodeId, IEnumerable<long> reportedBlockIds, IReadOnlySet<long>? reportedCorrupt = null)
    {
        lock (_lock)
        {
            var wasCorrupt = _blocksByNode.TryGetValue(nodeId, out var before)
                ? before.Where(b => _blocks.TryGetValue(b, out var r) && r.Corrupt.Contains(nodeId)).ToHashSet()
                : [];
            var wasHeld = before is null ? [] : new HashSet<long>(before);
            RemoveNodeLocked(nodeId);
            var unknown = new List<long>();
            var held = BlocksOf(nodeId);
            foreach (var blockId in reportedBlockIds)
            {
                if (!_blocks.TryGetValue(blockId, out var replicas))
                {
                    unknown.Add(blockId);
                    continue;
                }
                var corrupt = wasCorrupt.Contains(blockId) || reportedCorrupt?.Contains(blockId) == true;
                (corrupt ? replicas.Corrupt : replicas.Good).Add(nodeId);
                held.Add(blockId);
                var heldBefore = wasHeld.Remove(blockId);
                if (!corrupt && (!heldBefore || wasCorrupt.Contains(blockId)))
                {
                    Interlocked.Increment(ref _goodReplicasAdded);
                }
                // Only what the report changed needs the replication monitor's attention.
                if (!heldBefore || corrupt != wasCorrupt.Contains(blockId))
                {
                    _changed.Add(blockId);
                }
            }
            _changed.UnionWith(wasHeld.Where(_blocks.ContainsKey));
            return unknown;
        }
    }

    /// <summary>Forgets every replica of a node, good and corrupt (it died).</summary>
    public void RemoveNode(string nodeId)
    {
        lock (_lock)
        {
            if (_blocksByNode.TryGetValue(nodeId, out var blocks))
            {
                _changed.UnionWith(blocks.Where(_blocks.ContainsKey));
            }
            RemoveNodeLocked(nodeId);
        }
    }

    /// <summary>The nodes holding a good replica: the ones to read from, copy from and count.</summary>
    public IReadOnlyList<string> ReplicasOf(long blockId)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(blockId, out var replicas) ? [.. replicas.Good] : [];
        }
    }

    /// <summary>The nodes holding a replica that failed its checksum.</summary>
    public IReadOnlyList<string> CorruptReplicasOf(long blockId)
    {
        lock (_lock)
        {
            return _blocks.TryGetValue(blockId, out var replicas) ? [.. replicas.Corrupt] : [];
        }
    }

    /// <summary>
    /// How many known blocks have at least one reported replica, of all known blocks. A corrupt
    /// replica counts: safe mode waits for the block map to be complete, not for blocks to be
    /// healthy (fsck reports those), or one corrupt block would hold the namenode in safe mode for ever.
    /// </summary>
    public (int Reported, int Total) ReportedCounts()
    {
        lock (_lock)
        {
            return (_blocks.Values.Count(r => r.Good.Count + r.Corrupt.Count > 0), _blocks.Count);
        }
    }

    /// <summary>Share of known blocks with a reported replica; 1 when there are no blocks.</summary>
    public double ReportedShare()
    {
        var (reported, total) = ReportedCounts();
        return total == 0 ? 1.0 : (double)reported / total;
    }

    /// <summary>Replicas that failed their checksums, blocks with at least one, and blocks with no good replica left (corrupt blocks).</summary>
    public CorruptionCounts CorruptionCounts()
    {
        lock (_lock)
        {
            var affected = _blocks.Values.Where(r => r.Corrupt.Count > 0).ToList();
            return new CorruptionCounts(affected.Sum(r => r.Corrupt.Count), affected.Count, affected.Count(r => r.Good.Count == 0));
        }
    }

    /// <summary>Replicas (good or corrupt) the namenode knows on a node.</summary>
    public int ReplicaCountOn(string nodeId)
    {
        lock (_lock)
        {
            return _blocksByNode.TryGetValue(nodeId, out var blocks) ? blocks.Count : 0;
        }
    }

    private HashSet<long> BlocksOf(string nodeId)
    {
        if (!_blocksByNode.TryGetValue(nodeId, out var blocks))
        {
            blocks = [];
            _blocksByNode[nodeId] = blocks;
        }
        return blocks;
    }

    private void RemoveNodeLocked(string nodeId)
    {
        if (!_blocksByNode.Remove(nodeId, out var blocks))
        {
            return;
        }
        foreach (var blockId in blocks)
        {
            if (_blocks.TryGetValue(blockId, out var replicas))
            {
                replicas.Good.Remove(nodeId);
                replicas.Corrupt.Remove(nodeId);
            }
        }
    }

    /// <summary>The nodes holding one block, split by whether their replica verifies. A node is in at most one set.</summary>
    private sealed class BlockReplicas
    {
        public HashSet<string> Good { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Corrupt { get; } = new(StringComparer.Ordinal);

        /// <summary>Set at allocation; never changes (a failed pipeline gets a new block, not a new stamp).</summary>
        public long GenerationStamp { get; init; }

        /// <summary>Replicas the block's file asks for; 0 until the file is committed.</summary>
        public int Replication { get; set; }

        public long Length { get; set; }
    }
}

/// <summary>One block as the block map knew it at one moment. <see cref="Replication"/> is 0 for a block of no committed file yet.</summary>
public sealed record BlockState(long BlockId, int Replication, long Length, IReadOnlyList<string> Good, IReadOnlyList<string> Corrupt);

/// <summary>A replica as a datanode reported it: which block, how long, with which generation stamp.</summary>
public readonly record struct ReportedReplica(long BlockId, long Length, long GenerationStamp);

/// <summary>What the namenode makes of a reported replica.</summary>
public enum ReplicaCheck
{
    /// <summary>Id, stamp and (once committed) length are the namenode's: the replica counts.</summary>
    Matches,

    /// <summary>No file or open write has the block.</summary>
    UnknownBlock,

    /// <summary>The block exists but this replica is not it (wrong stamp or length): the reporting node deletes it; no other replica is affected.</summary>
    Mismatch,
}

/// <summary>Corruption the block map knows of: replicas, blocks with a corrupt replica, blocks with no good replica left.</summary>
public sealed record CorruptionCounts(int CorruptReplicas, int BlocksWithCorruptReplicas, int CorruptBlocks);
