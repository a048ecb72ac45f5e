using System.Globalization;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Presents one block as the ORIGINAL file's address space so Parquet.Net can open it and read the block's
/// row groups by index without the rest of the file: reads inside the block come from the block, reads in
/// the footer's range from the footer, the leading 4 bytes are the "PAR1" magic, and anything else throws
/// <see cref="BlockRangeException"/> rather than returning zeros that would decode as wrong data.
/// Reads are synchronous (the block is local or in memory), so the decode stays on the task's thread.
/// </summary>
public sealed class BlockFileStream : Stream
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    private readonly Stream block;
    private readonly long blockOffset;
    private readonly long blockEnd;
    private readonly long fileLength;
    private readonly byte[] footer;
    private readonly long footerStart;
    private long position;

    public BlockFileStream(Stream block, long blockOffset, long fileLength, byte[] footer)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(footer);
        if (!block.CanSeek || !block.CanRead)
        {
            throw new ArgumentException("the block stream must be readable and seekable", nameof(block));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(blockOffset);
        if (footer.Length < 8 || footer.Length > fileLength || blockOffset + block.Length > fileLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"block [{blockOffset}, +{block.Length}) and footer of {footer.Length} bytes do not fit a file of {fileLength} bytes"));
        }
        this.block = block;
        this.blockOffset = blockOffset;
        blockEnd = blockOffset + block.Length;
        this.fileLength = fileLength;
        this.footer = footer;
        footerStart = fileLength - footer.Length;
    }

    /// <summary>The footer bytes the file's last bytes are read from (the caller's array, not a copy).</summary>
    internal byte[] Footer => footer;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => fileLength;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && position < fileLength)
        {
            var read = ReadRegion(buffer[total..]);
            if (read == 0)
            {
                if (total > 0)
                {
                    break; // a short read; the next call reports the gap
                }
                throw new BlockRangeException(string.Create(CultureInfo.InvariantCulture,
                    $"read at offset {position} of a {fileLength}-byte file is outside the block [{blockOffset}, {blockEnd}) and the footer [{footerStart}, {fileLength})"));
            }
            total += read;
            position += read;
        }
        return total;
    }

    private int ReadRegion(Span<byte> buffer)
    {
        if (position >= blockOffset && position < blockEnd)
        {
            block.Position = position - blockOffset;
            var wanted = (int)Math.Min(buffer.Length, blockEnd - position);
            var read = 0;
            while (read < wanted)
            {
                var n = block.Read(buffer.Slice(read, wanted - read));
                if (n == 0)
                {
                    throw new BlockRangeException("the block stream ended before its length");
                }
                read += n;
            }
            return read;
        }
        if (position >= footerStart)
        {
            var n = (int)Math.Min(buffer.Length, fileLength - position);
            footer.AsSpan((int)(position - footerStart), n).CopyTo(buffer);
            return n;
        }
        if (position < Magic.Length)
        {
            var n = (int)Math.Min(buffer.Length, Math.Min(Magic.Length, blockOffset) - position);
            Magic.AsSpan((int)position, n).CopyTo(buffer);
            return n;
        }
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => fileLength + offset,
        };
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
