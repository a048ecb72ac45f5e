using DataLocal.Common.Checksums;

namespace DataLocal.Tests.Common;

/// <summary>CRC32C against the standard's check value and a bytewise reference, at every length around a word.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckString_GivesTheCheckValue()
    {
        // The CRC catalogue's check value for CRC-32C over "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_EveryLengthAndOffset_MatchesBitwiseReference()
    {
        var random = new Random(32);
        var bytes = new byte[100];
        random.NextBytes(bytes);
        for (var offset = 0; offset < 9; offset++)
        {
            for (var length = 0; length + offset <= bytes.Length; length++)
            {
                var span = bytes.AsSpan(offset, length);
                Assert.Equal(Reference(span), Crc32C.Compute(span));
            }
        }
    }

    // The polynomial division one bit at a time (reflected Castagnoli polynomial 0x82F63B78).
    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }
        return ~crc;
    }
}
