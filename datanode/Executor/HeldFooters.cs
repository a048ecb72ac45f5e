using DataLocal.Common.Parquet;
using DataLocal.Protocol.Datanode;
using Google.Protobuf;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// The Parquet footers this executor received with tasks, by digest, so the namenode can leave a footer out
/// of the next tasks of the same file (their pulls name what is held). Bounded by count and bytes; the least
/// recently used goes first. A task that names a footer no longer held fails with <see cref="FooterNotHeldException"/>,
/// an ordinary failure: its retry is pulled without that digest and so comes with the footer.
/// </summary>
public sealed class HeldFooters
{
    public const int MaxFooters = 32;
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly LinkedList<(string Key, byte[] Digest, byte[] Footer)> _recent = [];
    private readonly Dictionary<string, LinkedListNode<(string Key, byte[] Digest, byte[] Footer)>> _byKey = [];
    private long _bytes;
    private long _received;

    /// <summary>Footers that came with a task (rather than from here): a measure of what the namenode still sends.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>The digests to name in a pull.</summary>
    public IReadOnlyList<ByteString> Digests()
    {
        lock (_gate)
        {
            return [.. _recent.Select(e => ByteString.CopyFrom(e.Digest))];
        }
    }

    /// <summary>The task's footer: the bytes it carries (then held for later tasks), or the held footer its digest names.</summary>
    public byte[] FooterOf(TaskAssignment task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!task.Footer.IsEmpty)
        {
            Interlocked.Increment(ref _received);
            var footer = task.Footer.ToByteArray();
            Hold(footer);
            return footer;
        }
        if (task.FooterDigest.IsEmpty)
        {
            return [];
        }
        var key = Convert.ToHexString(task.FooterDigest.Span);
        lock (_gate)
        {
            if (_byKey.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Footer;
            }
        }
        throw new FooterNotHeldException($"the Parquet footer of {task.File} is no longer held by this executor (evicted since it asked); the task is retried with it");
    }

    private void Hold(byte[] footer)
    {
        if (footer.Length > MaxBytes)
        {
            return;
        }
        // Held under the digest of the bytes received: a wrong digest from the namenode cannot name another file's footer.
        var digest = FooterDigest.Of(footer);
        var key = Convert.ToHexString(digest);
        lock (_gate)
        {
            if (_byKey.ContainsKey(key))
            {
                return;
            }
            _byKey[key] = _recent.AddFirst((key, digest, footer));
            _bytes += footer.Length;
            while (_recent.Count > MaxFooters || _bytes > MaxBytes)
            {
                var oldest = _recent.Last!;
                _recent.RemoveLast();
                _byKey.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Footer.Length;
            }
        }
    }
}

/// <summary>A task named a footer by digest that this executor does not hold (any more).</summary>
public sealed class FooterNotHeldException(string message) : Exception(message);
