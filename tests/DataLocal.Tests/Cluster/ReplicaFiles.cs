using DataLocal.Testing;

namespace DataLocal.Tests.Cluster;

/// <summary>A datanode's replica files on disk, for tests that damage them the way a failing disk would.</summary>
public static class ReplicaFiles
{
    public const int BytesPerChecksum = 512;

    public static string DataPath(InProcessCluster cluster, int datanode, long blockId) =>
        Path.Combine(cluster.DataNodeDirectory(datanode), "current", $"blk_{blockId}");

    /// <summary>The replica's checksum file: blk_N_G.meta, or blk_N.meta for a replica without a generation stamp.</summary>
    public static string MetaPath(InProcessCluster cluster, int datanode, long blockId) =>
        Directory.GetFiles(Path.Combine(cluster.DataNodeDirectory(datanode), "current"), $"blk_{blockId}*.meta")
            .Single(f => Path.GetFileName(f) is var name && (name == $"blk_{blockId}.meta" || name.StartsWith($"blk_{blockId}_", StringComparison.Ordinal)));

    /// <summary>Flips one bit inside 512-byte chunk <paramref name="chunk"/> of a replica's data, leaving its checksums alone.</summary>
    public static void FlipBitInChunk(InProcessCluster cluster, int datanode, long blockId, int chunk)
    {
        var path = DataPath(cluster, datanode, blockId);
        var bytes = File.ReadAllBytes(path);
        bytes[(chunk * BytesPerChecksum) + 7] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }
}
