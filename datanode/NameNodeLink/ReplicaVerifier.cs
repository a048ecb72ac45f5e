using System.Threading.Channels;
using DataLocal.DataNode.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Checks the replicas the namenode asks about (a reader said they are corrupt, which the namenode
/// does not take on trust): reads each through its checksums, one at a time so checks never crowd
/// out reads and writes, and reports it corrupt only if it is. A request for a replica already
/// queued, or beyond the queue's room, is dropped: the next reader to find it corrupt asks again.
/// </summary>
public sealed class ReplicaVerifier(BlockStore store, ReplicaReporter reporter, ILogger<ReplicaVerifier> logger) : BackgroundService
{
    /// <summary>Requests waiting to be checked.</summary>
    public const int Capacity = 64;

    private readonly Channel<long> _requests = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity) { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly HashSet<long> _queued = [];

    public void Enqueue(IEnumerable<long> blockIds)
    {
        foreach (var blockId in blockIds)
        {
            lock (_lock)
            {
                if (_queued.Add(blockId) && !_requests.Writer.TryWrite(blockId))
                {
                    _queued.Remove(blockId);
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var blockId in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                lock (_lock)
                {
                    _queued.Remove(blockId);
                }
                await VerifyAsync(blockId, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unchecked requests are forgotten; a reader will report again.
        }
    }

    private async Task VerifyAsync(long blockId, CancellationToken cancellationToken)
    {
        try
        {
            if (await store.FailsVerificationAsync(blockId, cancellationToken).ConfigureAwait(false))
            {
                await reporter.ReportCorruptAsync(blockId, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                logger.ReplicaVerified(blockId);
            }
        }
        catch (Exception ex) when (ex is ReplicaNotFoundException or IOException)
        {
            // Gone, or unreadable for a reason that proves nothing about its bytes: nothing to report.
            logger.ReplicaVerificationFailed(blockId, ex.Message);
        }
    }
}
