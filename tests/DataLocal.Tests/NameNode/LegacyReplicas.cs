using DataLocal.NameNode.Blocks;

namespace DataLocal.Tests.NameNode;

/// <summary>
/// Reported replicas without a stamp or length, as tests that are about something else report them
/// for blocks they made known with <see cref="GenerationStamps.None"/> and no committed length:
/// such replicas match (the rule that keeps pre-stamp data directories working).
/// </summary>
internal static class LegacyReplicas
{
    public static ReportedReplica[] Of(params long[] blockIds) => [.. blockIds.Select(id => new ReportedReplica(id, 0, GenerationStamps.None))];
}
