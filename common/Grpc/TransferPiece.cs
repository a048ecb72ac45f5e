using System.Buffers;
using DataLocal.Common.Checksums;
using Google.Protobuf;
using K4os.Compression.LZ4;

namespace DataLocal.Common.Grpc;

/// <summary>
/// A piece of block data as it travels: the bytes as stored, or one LZ4 block with the length and
/// CRC32C of the bytes it expands to. Compression happens only where a sample of the piece shrinks
/// (uncompressed Parquet, plain files), so Snappy/ZSTD pages, which do not, cost one small trial.
/// </summary>
public readonly record struct TransferPiece(ByteString Wire, int RawLength, uint RawCrc32C)
{
    /// <summary>Bytes compressed on trial to decide whether a piece is worth compressing.</summary>
    public const int SampleSize = 64 * 1024;

    /// <summary>A sample (and then the piece) must shrink to this share of its size to be sent compressed.</summary>
    public const double WorthwhileRatio = 0.85;

    public bool IsCompressed => RawLength > 0;

    /// <summary>Bytes of block data the piece carries, once expanded.</summary>
    public int Length => IsCompressed ? RawLength : Wire.Length;

    /// <summary>A piece sent as it is; <paramref name="raw"/> is wrapped, not copied.</summary>
    public static TransferPiece Plain(ReadOnlyMemory<byte> raw) => new(UnsafeByteOperations.UnsafeWrap(raw), 0, 0);

    /// <summary>The piece compressed when <paramref name="compress"/> and a sample shows it pays, else as it is (wrapped, not copied).</summary>
    public static TransferPiece Pack(ReadOnlyMemory<byte> raw, bool compress)
    {
        if (!compress || raw.Length < 1024 || !SampleShrinks(raw.Span))
        {
            return Plain(raw);
        }
        var target = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(raw.Length));
        try
        {
            var encoded = LZ4Codec.Encode(raw.Span, target);
            if (encoded <= 0 || encoded > raw.Length * WorthwhileRatio)
            {
                return Plain(raw);
            }
            return new TransferPiece(ByteString.CopyFrom(target, 0, encoded), raw.Length, Crc32C.Compute(raw.Span));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(target);
        }
    }

    /// <summary>Packs a piece that arrived uncompressed for the next hop, keeping one that arrived compressed as it is.</summary>
    public TransferPiece Repack(bool compress) => IsCompressed || !compress ? this : Pack(Wire.Memory, compress);

    /// <summary>The block bytes the piece carries; throws <see cref="InvalidDataException"/> when they do not expand to what was sent.</summary>
    public ReadOnlyMemory<byte> Expand()
    {
        if (!IsCompressed)
        {
            return Wire.Memory;
        }
        var raw = new byte[RawLength];
        var decoded = LZ4Codec.Decode(Wire.Span, raw);
        if (decoded != RawLength || Crc32C.Compute(raw) != RawCrc32C)
        {
            throw new InvalidDataException($"an LZ4 piece did not expand to the {RawLength} bytes sent (decoded {decoded}, checksum {(decoded == RawLength ? "mismatch" : "not checked")})");
        }
        return raw;
    }

    private static bool SampleShrinks(ReadOnlySpan<byte> raw)
    {
        var sample = raw[..Math.Min(SampleSize, raw.Length)];
        var target = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(sample.Length));
        try
        {
            var encoded = LZ4Codec.Encode(sample, target);
            return encoded > 0 && encoded <= sample.Length * WorthwhileRatio;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(target);
        }
    }
}
