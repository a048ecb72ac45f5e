using DataLocal.NameNode.Blocks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Datanodes;

/// <summary>Responsible for declaring datanodes dead when they stop heartbeating, and forgetting their replicas.</summary>
public sealed class HeartbeatMonitor(
    DatanodeRegistry registry,
    BlockMap blockMap,
    IEnumerable<IDatanodeLossListener> lossListeners,
    IOptions<NameNodeOptions> options,
    TimeProvider time,
    ILogger<HeartbeatMonitor> logger) : BackgroundService
{
    /// <summary>One pass: mark silent nodes dead, then forget their replicas. Public so tests can drive it with a fake clock.</summary>
    public IReadOnlyList<DatanodeDescriptor> CheckOnce()
    {
        var dead = DeclareSilentNodesDead();
        Interleaving.Point("heartbeat:declared-dead");
        return ForgetDeadNodes(dead);
    }

    /// <summary>
    /// The first phase of <see cref="CheckOnce"/>. The two phases are apart so tests can run a
    /// racing registration between them, as an RPC thread can.
    /// </summary>
    public IReadOnlyList<DatanodeDescriptor> DeclareSilentNodesDead() => registry.MarkSilentNodesDead(options.Value.DeadNodeTimeout);

    /// <summary>
    /// The second phase of <see cref="CheckOnce"/>: forgets the replicas of nodes declared dead and
    /// tells the listeners. A node that registered again since it was declared dead keeps its
    /// replicas: its new block report is current, and wiping it would leave its blocks looking
    /// lost until its next full report. The listeners are told either way: what was running on
    /// the node when it went silent is written off, as before.
    /// </summary>
    public IReadOnlyList<DatanodeDescriptor> ForgetDeadNodes(IReadOnlyList<DatanodeDescriptor> dead)
    {
        foreach (var node in dead)
        {
            Interleaving.Point("heartbeat:forgetting");
            if (!registry.IfStillDead(node, () => blockMap.RemoveNode(node.NodeId)))
            {
                logger.NodeBackBeforeForgotten(node.NodeId);
            }
            Interleaving.Point("heartbeat:forgotten");
            foreach (var listener in lossListeners)
            {
                listener.OnDatanodeLost(node.NodeId);
            }
            logger.NodeDead(node.NodeId, node.Address, options.Value.DeadNodeTimeout.TotalSeconds);
        }
        return dead;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Checking four times per timeout keeps detection within 25% of the configured timeout.
        var period = options.Value.DeadNodeTimeout / 4;
        using var timer = new PeriodicTimer(period < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            CheckOnce();
        }
    }

}
