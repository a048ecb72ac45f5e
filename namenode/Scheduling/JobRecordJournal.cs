using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Writes job records to the job history outside the scheduler's lock, in the order they were
/// taken under it (as HDFS's namesystem logs an edit under its lock and syncs the log after
/// releasing it). A record is appended under the lock, which is cheap; <see cref="Sync"/> after
/// the lock writes it and everything appended before it, so the caller returns only once its
/// records are stored, and a later state of a job is never overwritten by an earlier one.
/// </summary>
public sealed class JobRecordJournal(JobHistory history)
{
    private readonly Lock _queueLock = new();
    private readonly Queue<Entry> _queue = new();
    private long _appended;

    // Held while writing: the entries leave the queue in order and are stored in that order.
    private readonly Lock _writeLock = new();
    private long _written;

    /// <summary>Queues a job's record; with <paramref name="ended"/>, its final one (<see cref="Job.FinalRecordStored"/> is set once it is written).</summary>
    public void Append(JobRecord record, Job? ended = null)
    {
        lock (_queueLock)
        {
            _queue.Enqueue(new Entry(++_appended, record, ended));
        }
    }

    /// <summary>Writes every record appended before this call; returns once they are all stored (by this thread or another).</summary>
    public void Sync()
    {
        long target;
        lock (_queueLock)
        {
            target = _appended;
        }
        if (Volatile.Read(ref _written) >= target)
        {
            return;
        }
        lock (_writeLock)
        {
            while (Volatile.Read(ref _written) < target)
            {
                Entry entry;
                lock (_queueLock)
                {
                    entry = _queue.Dequeue();
                }
                history.Save(entry.Record, final: entry.Ended is not null);
                if (entry.Ended is { } job)
                {
                    job.FinalRecordStored = true;
                }
                Volatile.Write(ref _written, entry.Ticket);
            }
        }
    }

    private sealed record Entry(long Ticket, JobRecord Record, Job? Ended);
}
