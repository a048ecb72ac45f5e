using System.Buffers;
using DataLocal.Client.Model;

namespace DataLocal.Client.Reading;

/// <summary>
/// A read-only, seekable view of a stored file (see <see cref="DataLocalClient.OpenReadAsync"/>). Nothing is
/// fetched until it is read: a read fetches a window from the one block under the position, and reads within
/// that window are served from it, so a Parquet reader that seeks to the footer and then to a few column chunks
/// fetches only those. The block list is the one the namenode gave at open.
/// </summary>
internal sealed class StoredFileStream : Stream
{
    /// <summary>Bytes fetched at least per trip to a datanode (less at a block's end).</summary>
    public const int DefaultWindow = 4 * 1024 * 1024;

    public delegate Task<MemoryStream> RangeFetcher(BlockInfo block, long offsetInBlock, long length, CancellationToken cancellationToken);

    private readonly IReadOnlyList<BlockInfo> _blocks;
    private readonly RangeFetcher _fetch;
    private readonly int _window;
    private long _position;
    private byte[] _buffered = [];
    private long _bufferedStart;
    private bool _disposed;

    public StoredFileStream(long length, IReadOnlyList<BlockInfo> blocks, RangeFetcher fetch, int window = DefaultWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        Length = length;
        _blocks = [.. blocks.OrderBy(b => b.Offset)];
        _fetch = fetch;
        _window = window;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.Length == 0 || _position >= Length)
        {
            return 0;
        }
        if (_position < _bufferedStart || _position >= _bufferedStart + _buffered.Length)
        {
            await FillAsync(buffer.Length, cancellationToken).ConfigureAwait(false);
        }
        var from = (int)(_position - _bufferedStart);
        var count = Math.Min(buffer.Length, _buffered.Length - from);
        _buffered.AsMemory(from, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous readers (Parquet.Net's footer reader, StreamReader) get the same fetches, waited on.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("a stored file is read-only; put a new one instead");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a stored file is read-only; put a new one instead");

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _buffered = [];
        base.Dispose(disposing);
    }

    private async Task FillAsync(int wanted, CancellationToken cancellationToken)
    {
        var block = BlockAt(_position);
        var offsetInBlock = _position - block.Offset;
        var length = Math.Min(block.Length - offsetInBlock, Math.Max(_window, wanted));
        using var staged = await _fetch(block, offsetInBlock, length, cancellationToken).ConfigureAwait(false);
        if (staged.Length != length)
        {
            throw new DataLocalException($"block {block.BlockId}: a datanode returned {staged.Length} bytes where {length} were asked for");
        }
        _buffered = staged.ToArray();
        _bufferedStart = _position;
    }

    private BlockInfo BlockAt(long position)
    {
        // Binary search: a big file has thousands of blocks and a Parquet reader seeks about.
        int low = 0, high = _blocks.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var block = _blocks[middle];
            if (position < block.Offset)
            {
                high = middle - 1;
            }
            else if (position >= block.Offset + block.Length)
            {
                low = middle + 1;
            }
            else
            {
                return block;
            }
        }
        throw new DataLocalException($"no block covers offset {position} of a file of {Length} bytes: the file changed after it was opened; open it again");
    }
}
