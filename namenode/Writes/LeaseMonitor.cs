using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Writes;

/// <summary>Responsible for abandoning writes whose client stopped renewing them.</summary>
public sealed class LeaseMonitor(WriteCoordinator writes, IOptions<NameNodeOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.WriteLeaseTimeout / 4;
        using var timer = new PeriodicTimer(period < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            writes.ExpireIdleWrites();
        }
    }
}
