namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// The address this datanode is reachable at, known only once Kestrel has bound its port (which
/// may be 0 = any). Registration waits for it.
/// </summary>
public sealed class AdvertisedAddress
{
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where other hosts reach its HTTP port (metrics, health); null while unknown or when the port is off.</summary>
    public string? HttpAddress { get; private set; }

    public void Set(string address, string? httpAddress = null)
    {
        HttpAddress = httpAddress;
        _address.TrySetResult(address);
    }

    public Task<string> WaitAsync(CancellationToken cancellationToken) => _address.Task.WaitAsync(cancellationToken);
}
