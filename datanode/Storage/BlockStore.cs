using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.Storage;

/// <summary>
/// The only code that touches the block directory:
/// <code>
/// dir/node-id          this node's identity, kept across restarts
/// dir/current/blk_N    finalized replica data
/// dir/current/blk_N_G.meta  its checksums (see ChecksumFile); G is the block's generation stamp
/// dir/current/blk_N.meta    the same for a replica written before stamps existed (stamp 0)
/// dir/tmp/             writes in progress, discarded at start-up
/// </code>
/// The stamp is in the meta file's name, as HDFS keeps it, so a start-up scan learns every
/// replica's stamp without opening a file, and a damaged checksum file does not lose it.
/// </summary>
public sealed class BlockStore
{
    private const string Prefix = "blk_";
    private const string MetaSuffix = ".meta";

    private readonly string _current;
    private readonly string _tmp;
    private readonly string _root;
    private readonly int _bytesPerChecksum;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, StoredReplica> _replicas = [];
    // Replicas this node found failing their checksums since it started: kept on disk (their good
    // chunks may be all that is left of a block) and flagged in full block reports, so a restarted
    // namenode learns of them without a reader tripping over them first.
    private readonly HashSet<long> _corrupt = [];
    // Ids with a write in progress: one writer per id, so two streams for the same block can never
    // race to finalize and leave one's bytes with the other's checksums, or replace each other.
    private readonly HashSet<long> _writing = [];

    public BlockStore(IOptions<DataNodeOptions> options, ILogger<BlockStore> logger)
    {
        _root = Path.GetFullPath(options.Value.Directory);
        _current = Path.Combine(_root, "current");
        _tmp = Path.Combine(_root, "tmp");
        _bytesPerChecksum = options.Value.BytesPerChecksum;
        Directory.CreateDirectory(_current);
        if (Directory.Exists(_tmp))
        {
            var leftovers = Directory.GetFiles(_tmp).Length;
            Directory.Delete(_tmp, recursive: true);
            if (leftovers > 0)
            {
                logger.TempDiscarded(leftovers);
            }
        }
        Directory.CreateDirectory(_tmp);
        NodeId = LoadOrCreateNodeId();
        Scan(logger);
    }

    public string NodeId { get; }

    public IReadOnlyList<(long BlockId, long Length, long GenerationStamp)> Replicas()
    {
        lock (_lock)
        {
            return [.. _replicas.Select(r => (r.Key, r.Value.Length, r.Value.GenerationStamp))];
        }
    }

    /// <summary>The generation stamp stored with a replica (0 for one written before stamps); null when this node holds none.</summary>
    public long? GenerationStampOf(long blockId)
    {
        lock (_lock)
        {
            return _replicas.TryGetValue(blockId, out var replica) ? replica.GenerationStamp : null;
        }
    }

    /// <summary>Replicas found corrupt (see <see cref="MarkCorrupt"/>), still on disk.</summary>
    public IReadOnlySet<long> CorruptReplicas()
    {
        lock (_lock)
        {
            return _corrupt.ToHashSet();
        }
    }

    /// <summary>Records that a replica failed its checksum. It stays on disk until the namenode orders it deleted or a good copy replaces it.</summary>
    public void MarkCorrupt(long blockId)
    {
        lock (_lock)
        {
            if (_replicas.ContainsKey(blockId))
            {
                _corrupt.Add(blockId);
            }
        }
    }

    public int ReplicaCount
    {
        get { lock (_lock) { return _replicas.Count; } }
    }

    public bool Contains(long blockId)
    {
        lock (_lock) { return _replicas.ContainsKey(blockId); }
    }

    /// <summary>
    /// Starts writing a replica into tmp/. Refused (<see cref="ReplicaExistsException"/>) when this
    /// node already holds a good finalized replica of the block or another write of it is in
    /// progress: a finalized replica is immutable, so a stray or forged write cannot replace it with
    /// bytes whose checksums were computed over the forgery. A replica known corrupt may be replaced
    /// (a copy or an fsck rebuild). Ids the namenode never allocates (≤ 0) are refused outright.
    /// The generation stamp is the namenode's for the block, stored beside the replica and reported with it.
    /// </summary>
    public async Task<ReplicaWriter> CreateReplicaAsync(long blockId, long generationStamp, CancellationToken cancellationToken)
    {
        if (blockId <= 0)
        {
            throw new InvalidBlockIdException(blockId);
        }
        bool heldGood;
        lock (_lock)
        {
            if (_writing.Contains(blockId))
            {
                throw new ReplicaExistsException(blockId, "another write of it is in progress");
            }
            heldGood = _replicas.ContainsKey(blockId) && !_corrupt.Contains(blockId);
            _writing.Add(blockId);
        }
        try
        {
            // A replica can rot without this node having noticed yet (the corrupt flag lives only in
            // memory, so a restart forgets it): check before refusing, so that a rebuild sent to a
            // node whose replica is corrupt still lands.
            if (heldGood && !await IsReplaceableAsync(blockId, cancellationToken).ConfigureAwait(false))
            {
                throw new ReplicaExistsException(blockId, "this node holds a finalized replica of it");
            }
            return new ReplicaWriter(this, blockId, generationStamp, Path.Combine(_tmp, $"{Prefix}{blockId}.{Guid.NewGuid():N}"), _bytesPerChecksum);
        }
        catch
        {
            EndWrite(blockId);
            throw;
        }
    }

    public ReplicaReader OpenReplica(long blockId)
    {
        var data = DataPath(blockId);
        var stamp = GenerationStampOf(blockId) ?? throw new ReplicaNotFoundException(blockId);
        var meta = MetaPath(blockId, stamp);
        if (!File.Exists(data) || !File.Exists(meta))
        {
            throw new ReplicaNotFoundException(blockId);
        }
        if (ReplicaFile.IsLink(data))
        {
            throw new CorruptReplicaException(blockId, new SymbolicLinkRefusedException(data).Message);
        }
        try
        {
            return new ReplicaReader(blockId, data, ChecksumFile.Parse(blockId, ReplicaFile.ReadAllBytes(meta)));
        }
        catch (SymbolicLinkRefusedException ex)
        {
            throw new CorruptReplicaException(blockId, ex.Message);
        }
    }

    /// <summary>
    /// A replica's bytes and its checksums as they are on disk, unverified, for rebuilding a corrupt
    /// block chunk by chunk. The checksum file may itself be damaged: then Checksums is null and
    /// ChecksumError says why.
    /// </summary>
    public UnverifiedReplica OpenUnverified(long blockId)
    {
        var data = DataPath(blockId);
        // Not even unverified: a linked data file is not this node's bytes.
        if (GenerationStampOf(blockId) is not { } stamp || !File.Exists(data) || ReplicaFile.IsLink(data))
        {
            throw new ReplicaNotFoundException(blockId);
        }
        try
        {
            return new UnverifiedReplica(data, stamp, ChecksumFile.Parse(blockId, ReplicaFile.ReadAllBytes(MetaPath(blockId, stamp))), null);
        }
        catch (Exception ex) when (ex is CorruptReplicaException or IOException)
        {
            return new UnverifiedReplica(data, stamp, null, ex.Message);
        }
    }

    /// <summary>Removes a replica; false when it was not here.</summary>
    public bool Delete(long blockId)
    {
        StoredReplica replica;
        lock (_lock)
        {
            _corrupt.Remove(blockId);
            if (!_replicas.Remove(blockId, out replica))
            {
                return false;
            }
        }
        File.Delete(MetaPath(blockId, replica.GenerationStamp));
        File.Delete(DataPath(blockId));
        return true;
    }

    public StorageReport Report()
    {
        var drive = new DriveInfo(_root);
        long used;
        lock (_lock)
        {
            used = _replicas.Values.Sum(r => r.Length);
        }
        return new StorageReport(drive.TotalSize, used, drive.AvailableFreeSpace);
    }

    /// <summary>Releases the id reserved by <see cref="CreateReplicaAsync"/>, whether the write was committed or abandoned.</summary>
    internal void EndWrite(long blockId)
    {
        lock (_lock)
        {
            _writing.Remove(blockId);
        }
    }

    internal void Finalize(ReplicaWriter writer, ChecksumFile checksums)
    {
        var target = DataPath(writer.BlockId);
        var tempMeta = writer.DataPath + MetaSuffix;
        using (var meta = new FileStream(tempMeta, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            meta.Write(checksums.Serialize());
            meta.Flush(flushToDisk: true);
        }
        lock (_lock)
        {
            // The reservation taken in CreateReplicaAsync means nothing else can have finalized this
            // id meanwhile; checked again because replacing a good replica would be silent data loss.
            if (_replicas.ContainsKey(writer.BlockId) && !_corrupt.Contains(writer.BlockId))
            {
                File.Delete(tempMeta);
                throw new ReplicaExistsException(writer.BlockId, "this node holds a finalized replica of it");
            }
            // Meta first: a data file without its meta is discarded by Scan, never served unchecked.
            File.Move(tempMeta, MetaPath(writer.BlockId, writer.GenerationStamp), overwrite: true);
            // A new replica of a block held corrupt here (a copy or a rebuild) replaces it whole.
            File.Move(writer.DataPath, target, overwrite: true);
            if (_replicas.TryGetValue(writer.BlockId, out var replaced) && replaced.GenerationStamp != writer.GenerationStamp)
            {
                File.Delete(MetaPath(writer.BlockId, replaced.GenerationStamp));
            }
            _replicas[writer.BlockId] = new StoredReplica(writer.Length, writer.GenerationStamp);
            _corrupt.Remove(writer.BlockId);
        }
    }

    /// <summary>
    /// Reads a whole replica through its checksums: true when it fails them (it is flagged corrupt
    /// then), false when every chunk verifies. Throws <see cref="ReplicaNotFoundException"/> when the
    /// replica is not here; a read error that proves nothing is left to the caller, so a good replica
    /// is never given up on doubt.
    /// </summary>
    public async Task<bool> FailsVerificationAsync(long blockId, CancellationToken cancellationToken)
    {
        try
        {
            var replica = OpenReplica(blockId);
            await foreach (var _ in replica.ReadAsync(0, replica.Length, 1024 * 1024, cancellationToken).ConfigureAwait(false))
            {
            }
            return false;
        }
        catch (CorruptReplicaException)
        {
            MarkCorrupt(blockId);
            return true;
        }
    }

    // True when the replica fails verification or has gone meanwhile.
    private async Task<bool> IsReplaceableAsync(long blockId, CancellationToken cancellationToken)
    {
        try
        {
            return await FailsVerificationAsync(blockId, cancellationToken).ConfigureAwait(false);
        }
        catch (ReplicaNotFoundException)
        {
            return true;
        }
    }

    private string DataPath(long blockId) => Path.Combine(_current, Prefix + blockId);

    private string MetaPath(long blockId, long generationStamp) =>
        Path.Combine(_current, generationStamp == 0 ? $"{Prefix}{blockId}{MetaSuffix}" : $"{Prefix}{blockId}_{generationStamp}{MetaSuffix}");

    private void Scan(ILogger logger)
    {
        var metas = new Dictionary<long, List<(string Path, long Stamp)>>();
        var data = new Dictionary<long, string>();
        foreach (var file in Directory.EnumerateFiles(_current, Prefix + "*"))
        {
            var name = Path.GetFileName(file);
            if (ReplicaFile.IsLink(file))
            {
                // Removing the link leaves its target alone; the block, if it was one, is re-replicated from elsewhere.
                File.Delete(file);
                logger.SymbolicLinkRemoved(file);
                continue;
            }
            if (name.EndsWith(MetaSuffix, StringComparison.Ordinal))
            {
                var parts = name[Prefix.Length..^MetaSuffix.Length].Split('_');
                if (long.TryParse(parts[0], out var metaBlockId) && (parts.Length == 1 || (parts.Length == 2 && long.TryParse(parts[1], out _))))
                {
                    var stamp = parts.Length == 2 ? long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
                    (metas.TryGetValue(metaBlockId, out var list) ? list : metas[metaBlockId] = []).Add((file, stamp));
                }
            }
            else if (long.TryParse(name.AsSpan(Prefix.Length), out var blockId))
            {
                data[blockId] = file;
            }
        }
        foreach (var (blockId, file) in data)
        {
            if (!metas.Remove(blockId, out var candidates))
            {
                // A data file without its meta is discarded, never served unchecked.
                File.Delete(file);
                continue;
            }
            // More than one meta: a crash between finalizing a replacement and removing the old meta.
            // The newest is the replacement's, whose data file was moved in after it.
            var kept = candidates.OrderByDescending(m => File.GetLastWriteTimeUtc(m.Path)).First();
            foreach (var stale in candidates.Where(m => m.Path != kept.Path))
            {
                File.Delete(stale.Path);
            }
            _replicas[blockId] = new StoredReplica(new FileInfo(file).Length, kept.Stamp);
        }
        foreach (var orphan in metas.Values.SelectMany(m => m))
        {
            File.Delete(orphan.Path);
        }
    }

    private string LoadOrCreateNodeId()
    {
        var path = Path.Combine(_root, "node-id");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        var id = "DN-" + Guid.NewGuid().ToString("N")[..12];
        File.WriteAllText(path, id);
        return id;
    }
}

/// <summary>A replica's data file, its stamp and its parsed checksums (null when the checksum file is damaged), not verified against each other.</summary>
public sealed record UnverifiedReplica(string DataPath, long GenerationStamp, ChecksumFile? Checksums, string? ChecksumError);

/// <summary>What the store knows of a finalized replica: its length on disk and the generation stamp it was written with.</summary>
internal readonly record struct StoredReplica(long Length, long GenerationStamp);

/// <summary>Disk space as a datanode reports it to the namenode.</summary>
public sealed record StorageReport(long CapacityBytes, long UsedBytes, long RemainingBytes);
