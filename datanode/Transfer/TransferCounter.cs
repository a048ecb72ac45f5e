using DataLocal.Common.Grpc;

namespace DataLocal.DataNode.Transfer;

/// <summary>
/// Counts block transfers in flight, which heartbeats report as the node's load, and the bytes this
/// node's transfers carried: block bytes and, as compression left them, bytes on the wire.
/// </summary>
public sealed class TransferCounter
{
    private int _active;
    private long _blockBytesSent;
    private long _wireBytesSent;
    private long _blockBytesReceived;
    private long _wireBytesReceived;
    private long _bytesServedLocal;

    public int Active => Volatile.Read(ref _active);

    /// <summary>Block bytes this node served over the network: to remote readers (clients, other nodes' tasks).</summary>
    public long BlockBytesSent => Interlocked.Read(ref _blockBytesSent);

    /// <summary>Block bytes this node served to local readers: its own tasks, reading its replicas from disk.</summary>
    public long BytesServedLocal => Interlocked.Read(ref _bytesServedLocal);

    /// <summary>What <see cref="BlockBytesSent"/> took on the wire.</summary>
    public long WireBytesSent => Interlocked.Read(ref _wireBytesSent);

    /// <summary>Block bytes this node received in write pipelines.</summary>
    public long BlockBytesReceived => Interlocked.Read(ref _blockBytesReceived);

    /// <summary>What <see cref="BlockBytesReceived"/> took on the wire.</summary>
    public long WireBytesReceived => Interlocked.Read(ref _wireBytesReceived);

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _active);
        return new Scope(this);
    }

    public void Sent(TransferPiece piece)
    {
        Interlocked.Add(ref _blockBytesSent, piece.Length);
        Interlocked.Add(ref _wireBytesSent, piece.Wire.Length);
    }

    /// <summary>A task on this node read <paramref name="bytes"/> of a replica straight from this node's disk.</summary>
    public void ServedLocally(long bytes) => Interlocked.Add(ref _bytesServedLocal, bytes);

    public void Received(TransferPiece piece)
    {
        Interlocked.Add(ref _blockBytesReceived, piece.Length);
        Interlocked.Add(ref _wireBytesReceived, piece.Wire.Length);
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
