namespace DataLocal.Common.Threading;

/// <summary>
/// Wakes long polls and sleeping loops when what they wait for may have changed: executors' pulls
/// when there may be new work (a job submitted, a task requeued), clients' job waits when a task or
/// job ended, an executor's running-task listing when an attempt starts. A waiter takes <see cref="Next"/> before it looks for work, so a signal between its look and its
/// wait still wakes it.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Raise"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Raise() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
