using DataLocal.Common.Checksums;

namespace DataLocal.DataNode.Storage;

/// <summary>
/// Writes one replica into tmp/, computing a CRC32C per chunk as the bytes go by. Nothing is
/// visible in current/ until <see cref="CommitAsync"/> has made data and checksums durable.
/// Disposing an uncommitted writer deletes its temporary files.
/// </summary>
public sealed class ReplicaWriter : IAsyncDisposable
{
    private readonly BlockStore _store;
    private readonly FileStream _data;
    private readonly int _bytesPerChunk;
    private readonly List<uint> _checksums = [];
    private readonly byte[] _partialChunk;
    private int _partialLength;
    private bool _committed;
    private bool _disposed;

    internal ReplicaWriter(BlockStore store, long blockId, long generationStamp, string dataPath, int bytesPerChunk)
    {
        _store = store;
        BlockId = blockId;
        GenerationStamp = generationStamp;
        DataPath = dataPath;
        _bytesPerChunk = bytesPerChunk;
        _partialChunk = new byte[bytesPerChunk];
        // The store's reservation of this id is released by DisposeAsync, or by the store itself when this throws.
        _data = new FileStream(dataPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    }

    public long BlockId { get; }

    public long GenerationStamp { get; }

    public long Length { get; private set; }

    internal string DataPath { get; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var write = _data.WriteAsync(data, cancellationToken);
        AddToChecksums(data.Span);
        Length += data.Length;
        await write.ConfigureAwait(false);
    }

    /// <summary>Makes the replica durable and moves it into current/.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_partialLength > 0)
        {
            _checksums.Add(Crc32C.Compute(_partialChunk.AsSpan(0, _partialLength)));
            _partialLength = 0;
        }
        await _data.FlushAsync(cancellationToken).ConfigureAwait(false);
        _data.Flush(flushToDisk: true);
        await _data.DisposeAsync().ConfigureAwait(false);
        var meta = new ChecksumFile(_bytesPerChunk, Length, [.. _checksums]);
        _store.Finalize(this, meta);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _data.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            File.Delete(DataPath);
        }
        _store.EndWrite(BlockId);
    }

    private void AddToChecksums(ReadOnlySpan<byte> span)
    {
        if (_partialLength > 0)
        {
            var take = Math.Min(span.Length, _bytesPerChunk - _partialLength);
            span[..take].CopyTo(_partialChunk.AsSpan(_partialLength));
            _partialLength += take;
            span = span[take..];
            if (_partialLength < _bytesPerChunk)
            {
                return;
            }
            _checksums.Add(Crc32C.Compute(_partialChunk));
            _partialLength = 0;
        }
        while (span.Length >= _bytesPerChunk)
        {
            _checksums.Add(Crc32C.Compute(span[.._bytesPerChunk]));
            span = span[_bytesPerChunk..];
        }
        span.CopyTo(_partialChunk);
        _partialLength = span.Length;
    }
}
