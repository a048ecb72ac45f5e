using System.Text;
using DataLocal.Common.Grpc;
using Google.Protobuf;

namespace DataLocal.Tests.Transfer;

public sealed class TransferPieceTests
{
    private static byte[] CsvLike(int size)
    {
        var text = new StringBuilder();
        var random = new Random(7);
        while (text.Length < size)
        {
            text.Append(random.Next(1, 200000)).Append(",AIR,").Append(random.Next(1, 50)).Append(",1996-03-13,DELIVER IN PERSON\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString())[..size];
    }

    [Fact]
    public void Pack_CompressibleBytes_CompressedAndExpandsToTheSameBytes()
    {
        var raw = CsvLike(1024 * 1024);

        var piece = TransferPiece.Pack(raw, compress: true);

        Assert.True(piece.IsCompressed);
        Assert.True(piece.Wire.Length < raw.Length / 2, $"{piece.Wire.Length} of {raw.Length} bytes");
        Assert.Equal(raw.Length, piece.Length);
        Assert.Equal(raw, piece.Expand().ToArray());
    }

    [Fact]
    public void Pack_RandomBytes_SentAsTheyAre()
    {
        var raw = new byte[1024 * 1024];
        new Random(3).NextBytes(raw);

        var piece = TransferPiece.Pack(raw, compress: true);

        Assert.False(piece.IsCompressed);
        Assert.Equal(raw, piece.Wire.ToByteArray());
    }

    [Fact]
    public void Pack_GzipParquetPages_SentAsTheyAre()
    {
        // Pages already compressed (gzip here; Snappy/ZSTD alike) do not shrink again.
        var file = File.ReadAllBytes(TestData.Parquet("lineitem-top10000.gzip.parquet"));

        var piece = TransferPiece.Pack(file.AsMemory(0, Math.Min(file.Length, 1024 * 1024)), compress: true);

        Assert.False(piece.IsCompressed);
    }

    [Fact]
    public void Pack_CompressionNotWanted_SentAsTheyAre()
    {
        var raw = CsvLike(256 * 1024);

        Assert.False(TransferPiece.Pack(raw, compress: false).IsCompressed);
    }

    [Fact]
    public void Expand_DamagedWire_ThrowsInsteadOfReturningOtherBytes()
    {
        var raw = CsvLike(512 * 1024);
        var piece = TransferPiece.Pack(raw, compress: true);
        var damaged = piece.Wire.ToByteArray();
        damaged[damaged.Length / 2] ^= 0x20;

        var error = Assert.Throws<InvalidDataException>(() => new TransferPiece(ByteString.CopyFrom(damaged), piece.RawLength, piece.RawCrc32C).Expand());

        Assert.Contains($"{raw.Length} bytes", error.Message);
    }

    [Fact]
    public void Repack_CompressedPiece_ForwardedAsItArrived()
    {
        var piece = TransferPiece.Pack(CsvLike(256 * 1024), compress: true);

        Assert.Same(piece.Wire, piece.Repack(compress: true).Wire);
        Assert.Same(piece.Wire, piece.Repack(compress: false).Wire);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9866", TransferCompressionMode.Auto, false)]
    [InlineData("http://localhost:9866", TransferCompressionMode.Auto, false)]
    [InlineData("http://[::1]:9866", TransferCompressionMode.Auto, false)]
    [InlineData("http://10.77.0.3:9866", TransferCompressionMode.Auto, true)]
    [InlineData("http://dn3.example:9866", TransferCompressionMode.Auto, true)]
    [InlineData("http://127.0.0.1:9866", TransferCompressionMode.Lz4, true)]
    [InlineData("http://10.77.0.3:9866", TransferCompressionMode.None, false)]
    public void AppliesTo_OtherHostsOnlyByDefault(string address, TransferCompressionMode mode, bool expected)
    {
        Assert.Equal(expected, new TransferCompression(mode).AppliesTo(address));
    }
}
