namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// A read-only view of a file of which only some regions were fetched (the head and the footer of
/// a remote Parquet file). Reading outside them throws: a bug must never read zeros.
/// </summary>
public sealed class SparseFileStream(long length, IReadOnlyList<(long Offset, byte[] Bytes)> regions) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }
        foreach (var (start, bytes) in regions)
        {
            if (_position >= start && _position < start + bytes.Length)
            {
                var available = (int)Math.Min(buffer.Length, start + bytes.Length - _position);
                bytes.AsSpan((int)(_position - start), available).CopyTo(buffer);
                _position += available;
                return available;
            }
        }
        throw new IOException($"byte {_position} of the remote file was not fetched");
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
