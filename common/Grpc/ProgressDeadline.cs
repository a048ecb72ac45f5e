namespace DataLocal.Common.Grpc;

/// <summary>
/// A deadline for a stream that moves as long as the stream does: it cancels its token when no
/// progress was made for <c>idle</c>, and every <see cref="Renew"/> (a message sent or received)
/// starts the wait again. A fixed deadline would have to guess the size of the block and the speed
/// of the link; silence is what marks a hung peer.
/// </summary>
public sealed class ProgressDeadline : IDisposable
{
    private readonly TimeSpan _idle;
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _source;

    public ProgressDeadline(TimeSpan idle, CancellationToken caller)
    {
        _idle = idle;
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(idle);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True when the stream was cancelled for silence, not by the caller.</summary>
    public bool Expired => _source.IsCancellationRequested && !_caller.IsCancellationRequested;

    public TimeSpan Idle => _idle;

    public void Renew() => _source.CancelAfter(_idle);

    public void Dispose() => _source.Dispose();
}
