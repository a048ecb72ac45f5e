using DataLocal.Protocol.Datanode;
using DataLocal.Testing;

namespace DataLocal.NamenodeBench;

/// <summary>
/// Three datanodes that exist only as far as the namenode can tell (<see cref="FakeDatanode"/>): they
/// register, heartbeat and report replicas they do not store, so the namenode holds a million blocks'
/// replica locations without a million blocks on disk.
/// </summary>
public sealed class FakeDatanodes : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, FakeDatanode> _nodes;

    private FakeDatanodes(IReadOnlyList<FakeDatanode> nodes) => _nodes = nodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);

    /// <summary>Starts and registers <paramref name="count"/> nodes, then each sends a full block report of <paramref name="replicas"/>, in parallel as real nodes would.</summary>
    public static async Task<FakeDatanodes> StartAndReportAsync(string namenodeAddress, string clusterSecret, int count, IReadOnlyList<ReplicaInfo> replicas)
    {
        var nodes = await Task.WhenAll(Enumerable.Range(0, count).Select(i => FakeDatanode.StartAsync(namenodeAddress, clusterSecret, $"fake-dn-{i}"))).ConfigureAwait(false);
        await Task.WhenAll(nodes.Select(n => n.SendFullReportAsync(replicas))).ConfigureAwait(false);
        return new FakeDatanodes(nodes);
    }

    /// <summary>Tells the namenode the pipeline's nodes have the block on disk, as each datanode does after a write.</summary>
    public async Task ReportReceivedAsync(IEnumerable<string> nodeIds, ReplicaInfo replica)
    {
        foreach (var nodeId in nodeIds)
        {
            await _nodes[nodeId].SendReceivedAsync([replica]).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }
}
