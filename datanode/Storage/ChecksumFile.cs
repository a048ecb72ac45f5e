using System.Buffers.Binary;

namespace DataLocal.DataNode.Storage;

/// <summary>
/// The checksum file stored beside each replica (blk_N.meta):
/// <code>
/// +--------+---------+------------------+-------------+--------------------------------------+
/// | "DLCK" | version | bytes per chunk  | data length | CRC32C of each chunk, in order       |
/// | 4 B    | u16 LE  | u32 LE           | i64 LE      | 4 B LE each, ceil(length / chunk)    |
/// +--------+---------+------------------+-------------+--------------------------------------+
/// </code>
/// The last chunk may be short; its CRC covers only its bytes.
/// </summary>
public sealed class ChecksumFile(int bytesPerChunk, long dataLength, uint[] checksums)
{
    public const int HeaderLength = 18;
    private const ushort Version = 1;
    private static ReadOnlySpan<byte> Magic => "DLCK"u8;

    public int BytesPerChunk { get; } = bytesPerChunk;

    public long DataLength { get; } = dataLength;

    public IReadOnlyList<uint> Checksums => checksums;

    public static int ChunkCount(long dataLength, int bytesPerChunk) => (int)((dataLength + bytesPerChunk - 1) / bytesPerChunk);

    public byte[] Serialize()
    {
        var bytes = new byte[HeaderLength + (checksums.Length * 4)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(6), (uint)BytesPerChunk);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(10), DataLength);
        for (var i = 0; i < checksums.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderLength + (i * 4)), checksums[i]);
        }
        return bytes;
    }

    /// <summary>Parses a checksum file; throws <see cref="CorruptReplicaException"/> when it is damaged.</summary>
    public static ChecksumFile Parse(long blockId, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || !bytes[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) != Version)
        {
            throw new CorruptReplicaException(blockId, "checksum file header is damaged");
        }
        var chunk = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[6..]);
        var length = BinaryPrimitives.ReadInt64LittleEndian(bytes[10..]);
        if (chunk <= 0 || length < 0 || bytes.Length != HeaderLength + (4L * ChunkCount(length, chunk)))
        {
            throw new CorruptReplicaException(blockId, "checksum file has the wrong size");
        }
        var sums = new uint[ChunkCount(length, chunk)];
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(HeaderLength + (i * 4))..]);
        }
        return new ChecksumFile(chunk, length, sums);
    }
}
