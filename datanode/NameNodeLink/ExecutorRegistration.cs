namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// The executor credential the namenode gave this node when it last registered: its task calls carry
/// it so the namenode knows which datanode calls (all share the cluster secret). Task slots wait for
/// the first one; a re-registration replaces it.
/// </summary>
public sealed class ExecutorRegistration
{
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _token;

    /// <summary>The current credential, or null before the first registration.</summary>
    public string? Token => _token;

    public void Set(string token)
    {
        _token = token;
        _first.TrySetResult();
    }

    /// <summary>Returns once the node has registered (at once after that).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _first.Task.WaitAsync(cancellationToken);
}
