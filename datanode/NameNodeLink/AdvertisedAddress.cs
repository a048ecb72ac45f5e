namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// The address this datanode is reachable at, known only once Kestrel has bound its port (which
/// may be 0 = any). Registration waits for it.
/// </summary>
public sealed class AdvertisedAddress
{
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(string address) => _address.TrySetResult(address);

    public Task<string> WaitAsync(CancellationToken cancellationToken) => _address.Task.WaitAsync(cancellationToken);
}
