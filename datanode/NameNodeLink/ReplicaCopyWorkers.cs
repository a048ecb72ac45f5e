using System.Threading.Channels;
using DataLocal.Protocol.Datanode;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Runs the namenode's copy orders a few at a time (<see cref="DataNodeOptions.ReplicationWorkers"/>),
/// so a lost node's re-replication does not start dozens of block transfers at once on each
/// survivor, competing with clients and tasks for disk, network and memory. Orders beyond the
/// queue's room, or for a block already queued, are dropped: the namenode orders a copy again when
/// it has not shown up within its copy timeout. At shutdown the running copies are cancelled and
/// waited for, and the queued ones forgotten.
/// </summary>
public sealed class ReplicaCopyWorkers : BackgroundService
{
    /// <summary>Orders waiting for a worker: as many as the namenode sends in one scan.</summary>
    public const int Capacity = 64;

    /// <summary>Carries out one copy order.</summary>
    public delegate Task CopyAsync(ReplicateBlockCommand command, CancellationToken cancellationToken);

    private readonly Channel<ReplicateBlockCommand> _orders = Channel.CreateBounded<ReplicateBlockCommand>(
        new BoundedChannelOptions(Capacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _lock = new();
    private readonly HashSet<long> _queuedOrRunning = [];
    private readonly CopyAsync _copy;
    private readonly int _workers;
    private readonly ILogger<ReplicaCopyWorkers> _logger;

    public ReplicaCopyWorkers(CopyAsync copy, IOptions<DataNodeOptions> options, ILogger<ReplicaCopyWorkers> logger)
    {
        _copy = copy;
        _workers = options.Value.ReplicationWorkers;
        _logger = logger;
    }

    /// <summary>Queues copy orders; returns how many were taken (the others were duplicates or found the queue full).</summary>
    public int Enqueue(IEnumerable<ReplicateBlockCommand> commands)
    {
        var taken = 0;
        foreach (var command in commands)
        {
            lock (_lock)
            {
                if (!_queuedOrRunning.Add(command.BlockId))
                {
                    continue;
                }
                if (!_orders.Writer.TryWrite(command))
                {
                    _queuedOrRunning.Remove(command.BlockId);
                    _logger.ReplicaCopyDropped(command.BlockId, Capacity);
                    continue;
                }
            }
            taken++;
        }
        return taken;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var command in _orders.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _copy(command, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // One failed copy must not stop the worker; the namenode orders it again.
                    _logger.ReplicaCopyFailed(command.BlockId, ex.Message);
                }
                finally
                {
                    lock (_lock)
                    {
                        _queuedOrRunning.Remove(command.BlockId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: running copies were cancelled, queued ones are left to the namenode.
        }
    }
}
