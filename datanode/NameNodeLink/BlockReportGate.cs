namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Sends this node's block reports to the namenode one at a time, as HDFS's BPServiceActor sends
/// full and incremental reports from one thread. A full report is built and applied as one unit:
/// without this, a replica written and reported incrementally while a full report built before it
/// was still in flight would be wiped by that older full report when it arrived, and the namenode
/// would think the replica gone until the next full report (found by the namenode's interleaving
/// exploration, DatanodeInterleavingTests).
/// </summary>
public sealed class BlockReportGate : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Runs <paramref name="report"/> (build the report, send it, read the reply) when no other report is under way.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await report().ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();
}
