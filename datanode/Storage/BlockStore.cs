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

    /// <summary>Starts writing a replica into tmp/. A unique temp name lets a retried write of the same block run alongside a stale one.</summary>
    public ReplicaWriter CreateReplica(long blockId) =>
        new(this, blockId, Path.Combine(_tmp, $"{Prefix}{blockId}.{Guid.NewGuid():N}"), _bytesPerChecksum);

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
            // Meta first: a data file without its meta is discarded by Scan, never served unchecked.
            File.Move(tempMeta, target + MetaSuffix, overwrite: true);
            // A new replica of a block held corrupt here (a copy or a rebuild) replaces it whole.
            File.Move(writer.DataPath, target, overwrite: true);
            _replicas[writer.BlockId] = writer.Length;
            _corrupt.Remove(writer.BlockId);
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
