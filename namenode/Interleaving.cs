namespace DataLocal.NameNode;

/// <summary>
/// Named points between the phases of the namenode's racing operations: claim / commit / release of
/// a write, declare dead / forget a datanode, pull / assign a task. In production no hook is
/// installed and a point costs one volatile read. The tests' deterministic scheduler
/// (tests/DataLocal.Tests/Interleavings) installs a hook on the threads it runs, parks each one at
/// every point it reaches and chooses, from a seed, which one goes on; so the interleavings of these
/// operations are explored systematically, with invariants checked after every step, and a failing
/// one replays from its seed. A point must never be placed where its thread holds a lock: the other
/// parked operations could not get past it.
/// </summary>
public static class Interleaving
{
    private static readonly AsyncLocal<Action<string>?> Hook = new();
    private static int _installed;

    /// <summary>A place where another operation may run before this one goes on.</summary>
    public static void Point(string name)
    {
        if (Volatile.Read(ref _installed) == 0)
        {
            return;
        }
        Hook.Value?.Invoke(name);
    }

    /// <summary>Sends the current thread's points to <paramref name="hook"/> until the result is disposed (tests only).</summary>
    internal static IDisposable Install(Action<string> hook)
    {
        Interlocked.Increment(ref _installed);
        Hook.Value = hook;
        return new Installed();
    }

    private sealed class Installed : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Hook.Value = null;
                Interlocked.Decrement(ref _installed);
            }
        }
    }
}
