using System.Runtime.CompilerServices;
using DataLocal.Common.Checksums;

namespace DataLocal.DataNode.Storage;

/// <summary>
/// Reads a finalized replica, verifying every chunk it touches against the checksum file before
/// handing out a byte of it. A mismatch throws <see cref="CorruptReplicaException"/>.
/// </summary>
public sealed class ReplicaReader(long blockId, string dataPath, ChecksumFile checksums)
{
    public long BlockId { get; } = blockId;

    public long Length => checksums.DataLength;

    /// <summary>Full path of the replica file, for short-circuit reads by a local task.</summary>
    public string DataPath { get; } = dataPath;

    /// <summary>
    /// Yields verified pieces of [offset, offset + length). Each piece is valid only until the next
    /// one is requested: the buffer is reused so a large block costs one buffer, not one per chunk.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        long offset, long length, int bufferSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{length} is outside block {BlockId} of {Length} bytes");
        }
        var chunk = checksums.BytesPerChunk;
        // Reads start on a chunk boundary so every byte served has been checked.
        var alignedBuffer = Math.Max(chunk, bufferSize / chunk * chunk);
        var buffer = new byte[alignedBuffer];
        var position = offset / chunk * chunk;
        var end = offset + length;
        FileStream stream;
        try
        {
            stream = ReplicaFile.OpenRead(DataPath, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (SymbolicLinkRefusedException ex)
        {
            throw new CorruptReplicaException(BlockId, ex.Message);
        }
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length != Length)
            {
                throw new CorruptReplicaException(BlockId, $"file has {stream.Length} bytes but its checksums cover {Length}");
            }
            stream.Position = position;
            while (position < end)
            {
                var want = (int)Math.Min(buffer.Length, Length - position);
                await stream.ReadExactlyAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
                Verify(position, buffer.AsSpan(0, want));
                var from = (int)Math.Max(0, offset - position);
                var to = (int)Math.Min(want, end - position);
                yield return buffer.AsMemory(from, to - from);
                position += want;
            }
        }
    }

    /// <summary>The whole replica in memory, every chunk verified.</summary>
    public async Task<byte[]> ReadAllAsync(int bufferSize, CancellationToken cancellationToken)
    {
        var data = new byte[Length];
        var position = 0;
        await foreach (var piece in ReadAsync(0, Length, bufferSize, cancellationToken).ConfigureAwait(false))
        {
            piece.Span.CopyTo(data.AsSpan(position));
            position += piece.Length;
        }
        return data;
    }

    private void Verify(long position, ReadOnlySpan<byte> data)
    {
        var chunk = checksums.BytesPerChunk;
        var index = (int)(position / chunk);
        for (var start = 0; start < data.Length; start += chunk, index++)
        {
            var piece = data.Slice(start, Math.Min(chunk, data.Length - start));
            if (Crc32C.Compute(piece) != checksums.Checksums[index])
            {
                throw new CorruptReplicaException(BlockId, $"checksum mismatch in chunk {index} (bytes {position + start}..{position + start + piece.Length})");
            }
        }
    }
}
