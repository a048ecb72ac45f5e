namespace DataLocal.NameNode.Writes;

/// <summary>
/// The writes in progress (HDFS's leases). Kept in memory only: after a namenode restart an
/// unfinished write is gone, and its blocks are deleted when datanodes report them.
/// </summary>
public sealed class OpenWriteTable(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, OpenWrite> _writes = new(StringComparer.Ordinal);

    public OpenWrite Open(string path, int replication, long blockSize, bool overwrite)
    {
        var write = new OpenWrite(Guid.NewGuid().ToString("N"), path, replication, blockSize, overwrite, time.GetUtcNow());
        lock (_lock)
        {
            _writes[write.WriteId] = write;
        }
        return write;
    }

    /// <summary>Runs <paramref name="action"/> on a write under the table's lock and renews its lease.</summary>
    public T Update<T>(string writeId, Func<OpenWrite, T> action)
    {
        lock (_lock)
        {
            if (!_writes.TryGetValue(writeId, out var write))
            {
                throw new UnknownWriteException(writeId);
            }
            write.LastActivity = time.GetUtcNow();
            return action(write);
        }
    }

    public OpenWrite? Remove(string writeId)
    {
        lock (_lock)
        {
            return _writes.Remove(writeId, out var write) ? write : null;
        }
    }

    /// <summary>Removes and returns the writes idle for longer than <paramref name="timeout"/>.</summary>
    public IReadOnlyList<OpenWrite> RemoveExpired(TimeSpan timeout)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expired = _writes.Values.Where(w => now - w.LastActivity > timeout).ToList();
            foreach (var write in expired)
            {
                _writes.Remove(write.WriteId);
            }
            return expired;
        }
    }
}

/// <summary>A write id the namenode does not know: it finished, was abandoned, or expired.</summary>
public sealed class UnknownWriteException(string writeId)
    : Exception($"write {writeId} is not open: it was completed, abandoned, or expired after being idle (retry the put)");
