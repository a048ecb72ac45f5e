using DataLocal.Client.Recovery;
using DataLocal.Common.Checksums;

namespace DataLocal.Tests.Recovery;

public sealed class BlockRebuilderTests
{
    private const int Chunk = 512;
    private static readonly byte[] Original = [.. Enumerable.Range(0, (3 * Chunk) + 100).Select(i => (byte)(i * 7))];

    [Fact]
    public void Rebuild_EachReplicaBadInADifferentChunk_RestoresTheOriginalFromTheGoodChunks()
    {
        var replicas = new[] { Replica("a", badChunk: 0), Replica("b", badChunk: 1), Replica("c", badChunk: 2) };

        var rebuilt = BlockRebuilder.Rebuild(1, Original.Length, replicas);

        Assert.Equal(Original, rebuilt.Data);
        Assert.Equal(["b", "a", "a", "a"], rebuilt.ChunkSources);
    }

    [Fact]
    public void Rebuild_ChecksumFileRottedButDataIntact_OtherReplicasChecksumsVouchForIt()
    {
        // a's data is fine but its checksum for chunk 1 rotted; b's chunk 1 data rotted.
        var a = Replica("a", badChunk: null, badChecksum: 1);
        var b = Replica("b", badChunk: 1);

        var rebuilt = BlockRebuilder.Rebuild(1, Original.Length, [a, b]);

        Assert.Equal(Original, rebuilt.Data);
        Assert.Equal("a", rebuilt.ChunkSources[1]);
    }

    [Fact]
    public void Rebuild_SameChunkBadInEveryReplica_RefusedNamingTheChunk()
    {
        var error = Assert.Throws<BlockRebuildException>(() => BlockRebuilder.Rebuild(1, Original.Length, [Replica("a", badChunk: 2), Replica("b", badChunk: 2)]));

        Assert.Equal("block 1: cannot rebuild: chunk 2 (bytes 1024..1536) has no good copy in any of the 2 replicas", error.Message);
    }

    [Fact]
    public void Rebuild_ReplicasThatVerifyWithDifferentContents_RefusedRatherThanGuessed()
    {
        var other = Original.ToArray();
        other[10] ^= 1;
        var diverged = new ReplicaImage("b", other, Chunk, Checksums(other));

        var error = Assert.Throws<BlockRebuildException>(() => BlockRebuilder.Rebuild(1, Original.Length, [Replica("a", badChunk: 1), diverged]));

        Assert.Contains("chunk 0 (bytes 0..512) verifies with different contents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebuild_NoReadableChecksumFile_RefusedBecauseNothingCanBeVerified()
    {
        var error = Assert.Throws<BlockRebuildException>(() => BlockRebuilder.Rebuild(1, Original.Length, [new ReplicaImage("a", Original.ToArray(), 0, null)]));

        Assert.Contains("none of the 1 replicas has a readable checksum file", error.Message, StringComparison.Ordinal);
    }

    private static ReplicaImage Replica(string node, int? badChunk, int? badChecksum = null)
    {
        var data = Original.ToArray();
        var checksums = Checksums(data);
        if (badChunk is { } chunk)
        {
            data[(chunk * Chunk) + 3] ^= 0x40;
        }
        if (badChecksum is { } index)
        {
            checksums[index] ^= 0x1000;
        }
        return new ReplicaImage(node, data, Chunk, checksums);
    }

    private static uint[] Checksums(byte[] data) =>
        [.. Enumerable.Range(0, (data.Length + Chunk - 1) / Chunk).Select(i => Crc32C.Compute(data.AsSpan(i * Chunk, Math.Min(Chunk, data.Length - (i * Chunk)))))];
}
