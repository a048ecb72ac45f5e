using DataLocal.Common.Security;
using DataLocal.DataNode.Transfer;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Responsible for this datanode's standing with the namenode: registers, sends the full block
/// report, heartbeats, obeys the commands that come back, and starts over when the namenode has
/// forgotten it (after a namenode restart).
/// </summary>
public sealed class HeartbeatService(
    NameNodeConnection connection,
    ReplicaReporter reporter,
    ReplicaCopyWorkers copies,
    ReplicaVerifier verifier,
    TransferCounter transfers,
    AdvertisedAddress advertised,
    BlockTokenVerifier blockTokens,
    ExecutorRegistration executor,
    IOptions<DataNodeOptions> options,
    TimeProvider time,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var address = await advertised.WaitAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var registration = await connection.RegisterAsync(address, advertised.HttpAddress, options.Value.Rack, stoppingToken).ConfigureAwait(false);
                executor.Set(registration.ExecutorToken);
                var interval = TimeSpan.FromMilliseconds(Math.Max(10, registration.HeartbeatIntervalMs));
                blockTokens.SetKeys(registration.BlockKeys);
                logger.Registered(connection.Address);
                if (registration.Unreachable)
                {
                    // The namenode keeps this node but sends it nothing; say so where its operator looks.
                    logger.AdvertisedAddressUnreachable(address, registration.UnreachableReason);
                }
                reporter.DeleteReplicas(await connection.SendFullReportAsync(stoppingToken).ConfigureAwait(false));
                await HeartbeatUntilForgottenAsync(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.NameNodeUnreachable(connection.Address, ex.Status.Detail);
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HeartbeatUntilForgottenAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        var nextFullReport = time.GetUtcNow() + options.Value.BlockReportInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var reply = await connection.HeartbeatAsync(transfers, stoppingToken).ConfigureAwait(false);
            if (reply.Reregister)
            {
                return;
            }
            blockTokens.SetKeys(reply.BlockKeys);
            if (reply.DeleteBlocks is { } delete)
            {
                reporter.DeleteReplicas(delete.BlockIds);
            }
            copies.Enqueue(reply.Replicate);
            verifier.Enqueue(reply.VerifyBlockIds);
            if (time.GetUtcNow() >= nextFullReport)
            {
                reporter.DeleteReplicas(await connection.SendFullReportAsync(stoppingToken).ConfigureAwait(false));
                nextFullReport = time.GetUtcNow() + options.Value.BlockReportInterval;
            }
        }
    }
}
