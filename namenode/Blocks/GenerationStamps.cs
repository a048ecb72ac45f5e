using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// Makes the generation stamp each block gets when it is allocated. HDFS uses a counter, because its
/// block tokens already keep strangers from naming blocks; DataLocal has no tokens yet, so the stamp
/// itself is what a forged datanode cannot know: 63 random bits from the system's cryptographic
/// generator, so claiming a replica of a block means guessing a number one in 2^63 (a counter would
/// be guessed from any one stamp seen). Never 0, which means "no stamp" (blocks written before stamps).
/// </summary>
public static class GenerationStamps
{
    /// <summary>The stamp of blocks written before generation stamps existed (and of replicas reported without one).</summary>
    public const long None = 0;

    public static long Next()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        long stamp;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            stamp = BinaryPrimitives.ReadInt64LittleEndian(bytes) & long.MaxValue;
        }
        while (stamp == None);
        return stamp;
    }
}
