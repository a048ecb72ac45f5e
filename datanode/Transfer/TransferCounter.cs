namespace DataLocal.DataNode.Transfer;

/// <summary>Counts block transfers in flight, which heartbeats report as the node's load.</summary>
public sealed class TransferCounter
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _active);
        return new Scope(this);
    }

    private sealed class Scope(TransferCounter counter) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref counter._active);
            }
        }
    }
}
