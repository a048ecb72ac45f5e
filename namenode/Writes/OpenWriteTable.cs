namespace DataLocal.NameNode.Writes;

/// <summary>
/// The writes in progress (HDFS's leases). Kept in memory only: after a namenode restart an
/// unfinished write is gone, and its blocks are deleted when datanodes report them.
/// Completing a write happens in phases, as HDFS's write ops do: the completer first claims the
/// write (<see cref="ClaimForCommit"/>), then commits the inode outside this table's lock, then
/// removes the write (<see cref="FinishCommit"/>) or gives it back (<see cref="ReleaseClaim"/>).
/// While claimed, abandons and lease expiry only leave a note, so they can never invalidate the
/// blocks of a file that is being made visible.
/// </summary>
public sealed class OpenWriteTable(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, OpenWrite> _writes = new(StringComparer.Ordinal);

    public OpenWrite Open(string path, int replication, long blockSize, bool overwrite, string? owner = null)
    {
        var write = new OpenWrite(Guid.NewGuid().ToString("N"), path, replication, blockSize, overwrite, time.GetUtcNow(), owner);
        lock (_lock)
        {
            _writes[write.WriteId] = write;
        }
        return write;
    }

    /// <summary>Runs <paramref name="action"/> on an open, unclaimed write under the table's lock and renews its lease.</summary>
    public T Update<T>(string writeId, Func<OpenWrite, T> action)
    {
        lock (_lock)
        {
            var write = OpenOrThrow(writeId);
            write.LastActivity = time.GetUtcNow();
            return action(write);
        }
    }

    /// <summary>Claims a write for committing and returns it; its block list no longer changes.</summary>
    public OpenWrite ClaimForCommit(string writeId)
    {
        lock (_lock)
        {
            var write = OpenOrThrow(writeId);
            write.LastActivity = time.GetUtcNow();
            write.IsCommitting = true;
            return write;
        }
    }

    /// <summary>The claimed write's file is committed: the write is over.</summary>
    public void FinishCommit(string writeId)
    {
        lock (_lock)
        {
            _writes.Remove(writeId);
        }
    }

    /// <summary>
    /// The commit failed: the write is open again, unless an abandon arrived meanwhile, in which case
    /// it is removed and returned so the caller discards its blocks.
    /// </summary>
    public OpenWrite? ReleaseClaim(string writeId)
    {
        lock (_lock)
        {
            if (!_writes.TryGetValue(writeId, out var write))
            {
                return null;
            }
            write.IsCommitting = false;
            write.LastActivity = time.GetUtcNow();
            if (!write.AbandonRequested)
            {
                return null;
            }
            _writes.Remove(writeId);
            return write;
        }
    }

    /// <summary>
    /// Removes a write whose client gave up and returns it, so its blocks can be discarded. A write
    /// being committed is not removed: the abandon is noted and applied only if the commit fails.
    /// </summary>
    public OpenWrite? Remove(string writeId)
    {
        lock (_lock)
        {
            if (!_writes.TryGetValue(writeId, out var write))
            {
                return null;
            }
            if (write.IsCommitting)
            {
                write.AbandonRequested = true;
                return null;
            }
            _writes.Remove(writeId);
            return write;
        }
    }

    /// <summary>Removes and returns the writes idle for longer than <paramref name="timeout"/>; a write being committed is busy, not idle.</summary>
    public IReadOnlyList<OpenWrite> RemoveExpired(TimeSpan timeout)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var expired = _writes.Values.Where(w => !w.IsCommitting && now - w.LastActivity > timeout).ToList();
            foreach (var write in expired)
            {
                _writes.Remove(write.WriteId);
            }
            return expired;
        }
    }

    /// <summary>The blocks every write in progress owns, claimed ones included (for invariant checks in tests).</summary>
    internal IReadOnlySet<long> OwnedBlockIds()
    {
        lock (_lock)
        {
            return _writes.Values.SelectMany(w => w.BlockIds).ToHashSet();
        }
    }

    private OpenWrite OpenOrThrow(string writeId)
    {
        if (!_writes.TryGetValue(writeId, out var write))
        {
            throw new UnknownWriteException(writeId);
        }
        if (write.IsCommitting)
        {
            throw new WriteCommittingException(writeId);
        }
        return write;
    }
}

/// <summary>A write id the namenode does not know: it finished, was abandoned, or expired.</summary>
public sealed class UnknownWriteException(string writeId)
    : Exception($"write {writeId} is not open: it was completed, abandoned, or expired after being idle (retry the put)");

/// <summary>A write that a CompleteFile call is committing right now cannot also be changed.</summary>
public sealed class WriteCommittingException(string writeId)
    : Exception($"write {writeId} is being completed by another call; wait for it to finish");
