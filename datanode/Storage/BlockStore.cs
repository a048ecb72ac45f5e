using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.Storage;

/// <summary>
/// The only code that touches the block directory:
/// <code>
/// dir/node-id          this node's identity, kept across restarts
/// dir/current/blk_N    finalized replica data
/// dir/current/blk_N.meta  its checksums (see ChecksumFile)
/// dir/tmp/             writes in progress, discarded at start-up
/// </code>
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
    private readonly Dictionary<long, long> _replicas = [];
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
        Scan();
    }

    public string NodeId { get; }

    public IReadOnlyList<(long BlockId, long Length)> Replicas()
    {
        lock (_lock)
        {
            return [.. _replicas.Select(r => (r.Key, r.Value))];
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
    /// </summary>
    public async Task<ReplicaWriter> CreateReplicaAsync(long blockId, CancellationToken cancellationToken)
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
            return new ReplicaWriter(this, blockId, Path.Combine(_tmp, $"{Prefix}{blockId}.{Guid.NewGuid():N}"), _bytesPerChecksum);
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
        var meta = data + MetaSuffix;
        if (!Contains(blockId) || !File.Exists(data) || !File.Exists(meta))
        {
            throw new ReplicaNotFoundException(blockId);
        }
        return new ReplicaReader(blockId, data, ChecksumFile.Parse(blockId, File.ReadAllBytes(meta)));
    }

    /// <summary>
    /// A replica's bytes and its checksums as they are on disk, unverified, for rebuilding a corrupt
    /// block chunk by chunk. The checksum file may itself be damaged: then Checksums is null and
    /// ChecksumError says why.
    /// </summary>
    public UnverifiedReplica OpenUnverified(long blockId)
    {
        var data = DataPath(blockId);
        if (!Contains(blockId) || !File.Exists(data))
        {
            throw new ReplicaNotFoundException(blockId);
        }
        try
        {
            return new UnverifiedReplica(data, ChecksumFile.Parse(blockId, File.ReadAllBytes(data + MetaSuffix)), null);
        }
        catch (Exception ex) when (ex is CorruptReplicaException or IOException)
        {
            return new UnverifiedReplica(data, null, ex.Message);
        }
    }

    /// <summary>Removes a replica; false when it was not here.</summary>
    public bool Delete(long blockId)
    {
        lock (_lock)
        {
            _corrupt.Remove(blockId);
            if (!_replicas.Remove(blockId))
            {
                return false;
            }
        }
        File.Delete(DataPath(blockId) + MetaSuffix);
        File.Delete(DataPath(blockId));
        return true;
    }

    public StorageReport Report()
    {
        var drive = new DriveInfo(_root);
        long used;
        lock (_lock)
        {
            used = _replicas.Values.Sum();
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
            File.Move(tempMeta, target + MetaSuffix, overwrite: true);
            // A new replica of a block held corrupt here (a copy or a rebuild) replaces it whole.
            File.Move(writer.DataPath, target, overwrite: true);
            _replicas[writer.BlockId] = writer.Length;
            _corrupt.Remove(writer.BlockId);
        }
    }

    // True when the replica fails verification (then flagged corrupt) or has gone meanwhile; a read
    // error that proves nothing is left to the caller, so a good replica is never given up on doubt.
    private async Task<bool> IsReplaceableAsync(long blockId, CancellationToken cancellationToken)
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
        catch (ReplicaNotFoundException)
        {
            return true;
        }
    }

    private string DataPath(long blockId) => Path.Combine(_current, Prefix + blockId);

    private void Scan()
    {
        foreach (var file in Directory.EnumerateFiles(_current, Prefix + "*"))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(MetaSuffix, StringComparison.Ordinal))
            {
                if (!File.Exists(file[..^MetaSuffix.Length]))
                {
                    File.Delete(file);
                }
                continue;
            }
            if (!long.TryParse(name.AsSpan(Prefix.Length), out var blockId))
            {
                continue;
            }
            if (!File.Exists(file + MetaSuffix))
            {
                File.Delete(file);
                continue;
            }
            _replicas[blockId] = new FileInfo(file).Length;
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

/// <summary>A replica's data file and its parsed checksums (null when the checksum file is damaged), not verified against each other.</summary>
public sealed record UnverifiedReplica(string DataPath, ChecksumFile? Checksums, string? ChecksumError);

/// <summary>Disk space as a datanode reports it to the namenode.</summary>
public sealed record StorageReport(long CapacityBytes, long UsedBytes, long RemainingBytes);
