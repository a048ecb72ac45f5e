using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Datanodes;

/// <summary>
/// Probes again, every little while, each live datanode whose address did not answer, so a node
/// whose port was opened (or whose route came back) is used again without restarting it.
/// </summary>
public sealed class UnreachableNodeRechecker(
    DatanodeRegistry registry,
    ReachabilityProbe probe,
    IOptions<NameNodeOptions> options,
    TimeProvider time,
    ILogger<UnreachableNodeRechecker> logger) : BackgroundService
{
    /// <summary>One pass over the unreachable nodes. Public so tests can drive it.</summary>
    public async Task RecheckOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var node in registry.UnreachableNodes())
        {
            var address = node.Address;
            var reason = await probe.ProbeAsync(node.NodeId, address, cancellationToken).ConfigureAwait(false);
            registry.SetReachability(node.NodeId, address, reason);
            if (reason is null)
            {
                logger.NodeReachableAgain(node.NodeId, address);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UnreachableRecheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await RecheckOnceAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
