namespace DataLocal.DataNode.Storage;

/// <summary>
/// Feeds a replica, read and verified piece by piece, into the fixed-size buffers an upload asks
/// for, so a copy holds one read buffer and the upload's two instead of the whole block.
/// The upload asks for consecutive ranges, one after another, which is all this supports.
/// </summary>
public sealed class ReplicaPieceFiller(ReplicaReader replica, int readBufferSize) : IAsyncDisposable
{
    private IAsyncEnumerator<ReadOnlyMemory<byte>>? _pieces;
    private ReadOnlyMemory<byte> _left;
    private long _position;

    /// <summary>Fills <paramref name="buffer"/> with the replica's bytes from <paramref name="offset"/> on.</summary>
    public async ValueTask FillAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        if (offset != _position)
        {
            throw new InvalidOperationException($"block {replica.BlockId} is read in order: asked for byte {offset}, at byte {_position}");
        }
        _pieces ??= replica.ReadAsync(0, replica.Length, readBufferSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (!buffer.IsEmpty)
        {
            if (_left.IsEmpty)
            {
                if (!await _pieces.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new CorruptReplicaException(replica.BlockId, $"replica ended at byte {_position} of {replica.Length}");
                }
                _left = _pieces.Current;
            }
            var count = Math.Min(buffer.Length, _left.Length);
            _left[..count].CopyTo(buffer);
            _left = _left[count..];
            buffer = buffer[count..];
            _position += count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pieces is not null)
        {
            await _pieces.DisposeAsync().ConfigureAwait(false);
        }
    }
}
