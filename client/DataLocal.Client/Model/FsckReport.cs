using DataLocal.Protocol.Client;

namespace DataLocal.Client.Model;

/// <summary>What the namenode found checking every block under a path (`fs fsck`).</summary>
public sealed record FsckReport(long Files, long Blocks, long UnderReplicated, long Corrupt, long Missing, IReadOnlyList<BlockProblem> Problems)
{
    /// <summary>HEALTHY unless some block is missing or corrupt; under-replicated blocks are being repaired by the cluster.</summary>
    public bool IsHealthy => Missing == 0 && Corrupt == 0;

    internal static FsckReport From(FsckReply reply) => new(
        reply.Files, reply.Blocks, reply.UnderReplicated, reply.Corrupt, reply.Missing,
        [.. reply.Problems.Select(p => new BlockProblem(p.Path, p.BlockId, p.Live, p.Corrupt, p.Expected, p.Status))]);
}

/// <summary>A block with fewer good replicas than its file's replication: UNDER_REPLICATED, CORRUPT (only replicas that failed checksums) or MISSING.</summary>
public sealed record BlockProblem(string File, long Block, int Live, int Corrupt, int Expected, string Status);
