namespace DataLocal.NameNode.Persistence;

/// <summary>
/// Inodes recently read from LiteDB, so a locate or stat of a file costs a dictionary lookup and a copy rather
/// than a LiteDB query (which was most of a locate's CPU: the namenode benchmark's "locate, the namenode's work
/// alone"). Holds snapshots no caller sees: <see cref="TryGet"/> hands out copies (callers change what they find
/// before committing it). Bounded by an estimate of the bytes held; when full it starts again empty.
/// <para>
/// Coherence: every change to the stored inodes goes through <see cref="Apply"/> after its transaction commits,
/// which moves <see cref="Version"/> on. A reader that missed notes the version before it queries LiteDB and
/// adds what it read only if no commit happened meanwhile, so a record read before a commit never lands in the
/// cache after it.
/// </para>
/// </summary>
internal sealed class InodeCache(long maxBytes)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (INodeRecord Record, long Bytes)> entries = new(StringComparer.Ordinal);
    private long bytes;
    private long version;

    public long Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryGet(string path, out INodeRecord? copy)
    {
        INodeRecord? snapshot;
        lock (gate)
        {
            snapshot = entries.TryGetValue(path, out var entry) ? entry.Record : null;
        }
        copy = snapshot is null ? null : INodeCopies.Copy(snapshot);
        return snapshot is not null;
    }

    /// <summary>Keeps a copy of <paramref name="record"/>, read when the version was <paramref name="versionRead"/>, unless a commit came since.</summary>
    public void AddIfUnchanged(INodeRecord record, long versionRead)
    {
        var snapshot = INodeCopies.Copy(record);
        lock (gate)
        {
            if (version == versionRead)
            {
                Put(snapshot);
            }
        }
    }

    /// <summary>What a committed transaction changed: the deleted paths and the upserted records.</summary>
    public void Apply(IReadOnlyCollection<string> deleted, IReadOnlyCollection<INodeRecord> upserted)
    {
        var snapshots = upserted.Select(INodeCopies.Copy).ToList();
        lock (gate)
        {
            version++;
            foreach (var path in deleted)
            {
                Remove(path);
            }
            foreach (var snapshot in snapshots)
            {
                Put(snapshot);
            }
        }
    }

    private void Put(INodeRecord snapshot)
    {
        Remove(snapshot.Path);
        var size = EstimatedBytes(snapshot);
        if (bytes + size > maxBytes)
        {
            entries.Clear();
            bytes = 0;
            if (size > maxBytes)
            {
                return;
            }
        }
        entries[snapshot.Path] = (snapshot, size);
        bytes += size;
    }

    private void Remove(string path)
    {
        if (entries.Remove(path, out var old))
        {
            bytes -= old.Bytes;
        }
    }

    // Objects, strings and arrays as the runtime lays them out, roughly: enough to bound the cache, not to bill it.
    private static long EstimatedBytes(INodeRecord record) =>
        400 + 2L * (record.Path.Length + record.Parent.Length + record.Key.Length + record.ParentKey.Length)
        + (record.ParquetFooter?.Length ?? 0)
        + record.Blocks.Sum(b => 120L + b.Columns.Sum(c => 80L + 2L * (c.Column.Length + (c.Min?.Length ?? 0) + (c.Max?.Length ?? 0))));
}
