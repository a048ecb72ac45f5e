using DataLocal.Protocol.Datanode;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// This node's executor: one loop per task slot; a free slot asks the namenode for work, runs it,
/// reports it, and asks again. Executors pull, so the scheduler never needs to reach a datanode.
/// </summary>
public sealed class TaskPuller(
    TaskRunner runner,
    TaskExchange.TaskExchangeClient exchange,
    Storage.BlockStore store,
    NameNodeLink.ExecutorRegistration registration,
    IOptions<DataNodeOptions> options,
    TimeProvider time,
    RunningAttempts running,
    HeldFooters footers,
    ILogger<TaskPuller> logger) : BackgroundService
{
    private readonly RunningAttempts _running = running;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The namenode takes task calls only with the executor credential registration gives.
        await registration.WaitAsync(stoppingToken).ConfigureAwait(false);
        await Task.WhenAll(Enumerable.Range(0, options.Value.TaskSlots).Select(_ => RunSlotAsync(stoppingToken)).Append(ListRunningAsync(stoppingToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Tells the namenode every second which attempts run here, and stops those it no longer wants.
    /// With nothing running there is nothing to keep alive (an attempt the namenode thinks runs here
    /// expires unlisted), so the loop sleeps until an attempt starts instead of waking every second.
    /// </summary>
    private async Task ListRunningAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _running.WaitForAnyAsync(stoppingToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.Value.RunningListingInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var listing = _running.Listing(store.NodeId);
                if (listing.Attempts.Count == 0)
                {
                    break;
                }
                try
                {
                    var reply = await exchange.ReportRunningAsync(listing, deadline: time.GetUtcNow().UtcDateTime + options.Value.RunningListingInterval * 5,
                        cancellationToken: stoppingToken).ConfigureAwait(false);
                    _running.Cancel(reply.Cancel);
                }
                catch (RpcException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The namenode is away; it writes off attempts only after several missed listings.
                }
            }
        }
    }

    // A lost report would leave the task "running" on the namenode for good: retry through short outages.
    private async Task ReportAsync(TaskReport report, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await exchange.ReportTaskAsync(report, deadline: ReportDeadline(report), cancellationToken: stoppingToken).ConfigureAwait(false);
                return;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
            {
                // The namenode no longer takes this attempt from this node (it re-registered since, or
                // the job is gone): retrying cannot change that, and the attempt is written off there.
                logger.TaskReportRefused(report.JobId, report.TaskIndex, report.Attempt, ex.Status.Detail);
                return;
            }
            catch (RpcException) when (attempt < 10 && !stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    // A report may carry a large partial result: half a minute, plus a second per MiB (a slow link).
    private DateTime ReportDeadline(TaskReport report) =>
        time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(30 + report.PartialResult.Length / (1024.0 * 1024.0));

    private async Task RunSlotAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var reply = await exchange.PullTaskAsync(new PullTaskRequest { NodeId = store.NodeId, HeldFooters = { footers.Digests() } }, cancellationToken: stoppingToken).ConfigureAwait(false);
                if (!reply.HasTask)
                {
                    await Task.Delay(options.Value.TaskPollInterval, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                logger.TaskStarted(reply.Task.JobId, reply.Task.TaskIndex, reply.Task.Attempt, reply.Task.Locality);
                var stop = _running.Start(reply.Task, stoppingToken);
                try
                {
                    var report = await runner.RunAsync(reply.Task, stop.Token).ConfigureAwait(false);
                    await ReportAsync(report, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The namenode asked this attempt to stop: it has already written it off.
                    logger.TaskCancelled(reply.Task.JobId, reply.Task.TaskIndex, reply.Task.Attempt);
                }
                finally
                {
                    _running.Finish(reply.Task);
                }
            }
            catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The namenode is away (restarting); its job manager requeues what it handed out.
                logger.NameNodeUnreachable(options.Value.NameNodeAddress, ex.Status.Detail);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A slot that dies takes a core away from the cluster for good; log, pause, and go on.
                // The namenode writes off the attempt once this node stops listing it.
                logger.TaskSlotFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
