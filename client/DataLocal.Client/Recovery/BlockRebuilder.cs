using DataLocal.Common.Checksums;

namespace DataLocal.Client.Recovery;

/// <summary>One replica of a block as it is on disk: unverified bytes and the checksums stored beside them (null when that file is damaged).</summary>
public sealed record ReplicaImage(string NodeId, byte[] Data, int BytesPerChecksum, IReadOnlyList<uint>? Checksums);

/// <summary>A rebuilt block: every chunk verified, and which replica each chunk came from.</summary>
public sealed record RebuiltBlock(byte[] Data, IReadOnlyList<string> ChunkSources);

/// <summary>
/// Rebuilds a block whose every replica failed its checksum, chunk by chunk, from the chunks that
/// still verify. Pure: it sees only the replicas' bytes and stored checksums.
/// <para>
/// Which checksum to trust. The namenode holds no per-chunk checksum (only, at most, a whole-file
/// SHA-256 from the client), so the reference is the CRC32C each datanode of the write pipeline
/// computed, independently, from the bytes it received and stored in its own checksum file. A chunk
/// copy is good when its CRC equals a CRC stored at write time by ANY replica's checksum file:
/// <list type="bullet">
/// <item>a flipped bit in a replica's data changes its CRC, which then matches no stored value;</item>
/// <item>a flipped bit in a replica's checksum file gives a value no chunk's bytes match, while the
/// other replicas' checksum files still vouch for that replica's intact data;</item>
/// <item>rot that makes damaged bytes match some stored CRC has a chance of about 2^-32.</item>
/// </list>
/// Requiring a replica's bytes to match its OWN checksum file would lose a good chunk whose checksum
/// file alone rotted; requiring a majority of checksum files would fail with two replicas. If good
/// copies of one chunk disagree with each other, the replicas diverged (not bit rot) and nothing is
/// guessed: the rebuild is refused, as it is when any chunk has no good copy at all.
/// </para>
/// </summary>
public static class BlockRebuilder
{
    /// <summary>Rebuilds block <paramref name="blockId"/> of <paramref name="length"/> bytes, chunk by chunk, from the replicas' images.</summary>
    public static RebuiltBlock Rebuild(long blockId, long length, IReadOnlyList<ReplicaImage> replicas)
    {
        // The chunk size every readable checksum file agrees on (they are written with the cluster's setting).
        var withChecksums = replicas.Where(r => r.Checksums is not null && r.BytesPerChecksum > 0).ToList();
        if (withChecksums.Count == 0)
        {
            throw new BlockRebuildException(blockId, $"none of the {replicas.Count} replicas has a readable checksum file, so no chunk can be verified");
        }
        var chunkSize = withChecksums.GroupBy(r => r.BytesPerChecksum).MaxBy(g => g.Count())!.Key;
        var chunks = (int)((length + chunkSize - 1) / chunkSize);
        var vouchers = withChecksums.Where(r => r.BytesPerChecksum == chunkSize && r.Checksums!.Count == chunks).ToList();
        // A replica of another length cannot be lined up chunk by chunk with the block.
        var sources = replicas.Where(r => r.Data.LongLength == length).ToList();

        var data = new byte[length];
        var chunkSources = new string[chunks];
        for (var i = 0; i < chunks; i++)
        {
            var start = (long)i * chunkSize;
            var size = (int)Math.Min(chunkSize, length - start);
            var stored = vouchers.Select(v => v.Checksums![i]).ToHashSet();
            var good = sources
                .Select(r => (Replica: r, Crc: Crc32C.Compute(r.Data.AsSpan((int)start, size))))
                .Where(c => stored.Contains(c.Crc))
                .ToList();
            var where = $"chunk {i} (bytes {start}..{start + size})";
            if (good.Count == 0)
            {
                throw new BlockRebuildException(blockId, $"{where} has no good copy in any of the {replicas.Count} replicas");
            }
            if (good.Select(g => g.Crc).Distinct().Count() > 1)
            {
                throw new BlockRebuildException(blockId, $"{where} verifies with different contents in different replicas, so they diverged and none can be trusted");
            }
            good[0].Replica.Data.AsSpan((int)start, size).CopyTo(data.AsSpan((int)start));
            chunkSources[i] = good[0].Replica.NodeId;
        }
        return new RebuiltBlock(data, chunkSources);
    }
}

/// <summary>A corrupt block that cannot be rebuilt from its replicas; the message says which chunk and why.</summary>
public sealed class BlockRebuildException(long blockId, string reason) : DataLocalException($"block {blockId}: cannot rebuild: {reason}")
{
    /// <summary>The block that could not be rebuilt.</summary>
    public long BlockId { get; } = blockId;
}
