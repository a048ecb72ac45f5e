using System.IO.Compression;
using DataLocal.Common.Parquet;
using K4os.Compression.LZ4;
using Snappier;

namespace DataLocal.DataNode.Compute.Decoding;

/// <summary>Inflates a page with its column chunk's codec (parquet.thrift CompressionCodec).</summary>
internal static class PageDecompressor
{
    private const int Uncompressed = 0, SnappyCodec = 1, Gzip = 2, Brotli = 4, Zstd = 6, Lz4Raw = 7;

    /// <summary>Codecs decoded here; LZO and the Hadoop-framed LZ4 are left to Parquet.Net.</summary>
    public static bool Supports(int codec) => codec is Uncompressed or SnappyCodec or Gzip or Brotli or Zstd or Lz4Raw;

    /// <summary>Inflates <paramref name="source"/> into exactly <paramref name="destination"/>.</summary>
    public static void Decompress(int codec, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = codec switch
        {
            Uncompressed => Copy(source, destination),
            SnappyCodec => Snappy.Decompress(source, destination),
            Zstd => ZstdDecompress(source, destination),
            Lz4Raw => LZ4Codec.Decode(source, destination),
            Brotli => BrotliDecoder.TryDecompress(source, destination, out var count) ? count : -1,
            Gzip => GzipDecompress(source, destination),
            _ => throw new InvalidOperationException($"codec {codec} is not decoded here"),
        };
        if (written != destination.Length)
        {
            throw new InvalidParquetException($"a page inflates to {written} bytes, its header says {destination.Length}");
        }
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length)
        {
            return source.Length;
        }
        source.CopyTo(destination);
        return source.Length;
    }

    private static int ZstdDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using var decompressor = new ZstdSharp.Decompressor();
        return decompressor.Unwrap(source, destination);
    }

    // Several concatenated gzip members are one page (some writers flush per member); GZipStream reads them all.
    private static int GzipDecompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using var input = new MemoryStream(source.ToArray(), writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var total = 0;
        int read;
        while (total < destination.Length && (read = gzip.Read(destination[total..])) > 0)
        {
            total += read;
        }
        // Anything beyond the header's size means the header lies.
        return total == destination.Length && gzip.Read(stackalloc byte[1]) > 0 ? total + 1 : total;
    }
}
