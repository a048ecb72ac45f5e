using DataLocal.DataNode;
using DataLocal.DataNode.NameNodeLink;
using DataLocal.Protocol.Datanode;
using DataLocal.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataLocal.Tests.DataNode;

public sealed class ReplicaCopyWorkersTests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _mostAtOnce;
    private int _finished;
    private int _cancelled;

    [Fact]
    public async Task ReplicaCopyWorkers_ManyOrders_RunsAtMostTheConfiguredNumberAtOnce()
    {
        using var queue = NewQueue(workers: 2);
        await queue.StartAsync(CancellationToken.None);

        Assert.Equal(10, queue.Enqueue(Orders(1, 10)));
        await Eventually.TrueAsync(() => Volatile.Read(ref _running) == 2, "two copies running");
        _release.SetResult();
        await Eventually.TrueAsync(() => Volatile.Read(ref _finished) == 10, "every copy finished");
        await queue.StopAsync(CancellationToken.None);

        Assert.Equal(2, _mostAtOnce);
    }

    [Fact]
    public async Task ReplicaCopyWorkers_Stopped_CancelsRunningCopiesAndWaitsForThem()
    {
        using var queue = NewQueue(workers: 3);
        await queue.StartAsync(CancellationToken.None);
        queue.Enqueue(Orders(1, 5));
        await Eventually.TrueAsync(() => Volatile.Read(ref _running) == 3, "three copies running");

        await queue.StopAsync(CancellationToken.None);

        Assert.Equal(3, _cancelled);
        Assert.Equal(0, _running);
    }

    [Fact]
    public async Task ReplicaCopyWorkers_BlockOrderedAgainWhileQueued_CopiedOnce()
    {
        using var queue = NewQueue(workers: 1);
        await queue.StartAsync(CancellationToken.None);

        Assert.Equal(2, queue.Enqueue(Orders(1, 2)));
        Assert.Equal(0, queue.Enqueue(Orders(1, 2)));
        _release.SetResult();
        await Eventually.TrueAsync(() => Volatile.Read(ref _finished) == 2, "both copies finished");
        await queue.StopAsync(CancellationToken.None);

        Assert.Equal(2, _finished);
    }

    [Fact]
    public async Task ReplicaCopyWorkers_MoreOrdersThanItsRoom_DropsTheRest()
    {
        using var queue = NewQueue(workers: 1);
        await queue.StartAsync(CancellationToken.None);
        queue.Enqueue(Orders(1, 1));
        await Eventually.TrueAsync(() => Volatile.Read(ref _running) == 1, "a copy running");

        Assert.Equal(ReplicaCopyWorkers.Capacity, queue.Enqueue(Orders(2, ReplicaCopyWorkers.Capacity + 5)));
        await queue.StopAsync(CancellationToken.None);
    }

    private ReplicaCopyWorkers NewQueue(int workers) =>
        new(CopyAsync, Options.Create(new DataNodeOptions { ReplicationWorkers = workers }), NullLogger<ReplicaCopyWorkers>.Instance);

    private static IEnumerable<ReplicateBlockCommand> Orders(long firstBlockId, int count) =>
        Enumerable.Range(0, count).Select(i => new ReplicateBlockCommand { BlockId = firstBlockId + i, Length = 100 });

    // Stands in for a block transfer: runs until released or cancelled, counting how many run at once.
    private async Task CopyAsync(ReplicateBlockCommand command, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, now);
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _finished);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
