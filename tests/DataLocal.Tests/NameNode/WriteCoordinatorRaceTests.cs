using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using DataLocal.NameNode.Writes;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.NameNode;

/// <summary>
/// Complete, abandon, add-block and lease expiry racing on one write. Each test makes the other
/// operation land at a chosen moment inside the first one (through a hook in a collaborator it
/// calls), the moment a concurrent client call or the lease monitor could land there.
/// </summary>
public sealed class WriteCoordinatorRaceTests : IDisposable
{
    private readonly MetadataStore _store = new(Files.TempDirectory());
    private readonly FakeTimeProvider _tableTime = new();
    private readonly HookedTimeProvider _namespaceTime = new();
    private readonly HookedRandom _placementRandom = new();
    private readonly BlockMap _blocks = new();
    private readonly PendingDeletions _deletions = new();
    private readonly NamespaceManager _namespace;
    private readonly WriteCoordinator _writes;

    public WriteCoordinatorRaceTests()
    {
        _namespace = new NamespaceManager(_store, _namespaceTime);
        var registry = new DatanodeRegistry(_tableTime);
        registry.Register("a", "http://a", "/default-rack", 1L << 30, 0, 1L << 30);
        registry.Register("b", "http://b", "/default-rack", 1L << 30, 0, 1L << 30);
        var options = Options.Create(new NameNodeOptions { DefaultReplication = 1, WriteLeaseTimeout = TimeSpan.FromSeconds(60) });
        _writes = new WriteCoordinator(_namespace, new OpenWriteTable(_tableTime), _blocks, new BlockIdGenerator(_store),
            new BlockInvalidator(_blocks, _deletions), registry, new ReplicaPlacementPolicy(_placementRandom), options,
            NullLogger<WriteCoordinator>.Instance);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Complete_AbandonArrivesWhileCommitting_CommittedFileKeepsItsBlocks()
    {
        var (writeId, blockId) = OpenWithOneReplicatedBlock("/race/abandon");
        _namespaceTime.OnNextCall = () => _writes.Abandon(writeId);

        _writes.Complete(writeId, FileWith(blockId));

        Assert.NotNull(_namespace.Find("/race/abandon"));
        Assert.True(_blocks.IsKnown(blockId), "the committed file's block was invalidated by the abandon");
        Assert.Empty(_deletions.Take("a"));
        Assert.Throws<UnknownWriteException>(() => _writes.AddBlock(writeId, new HashSet<string>()));
    }

    [Fact]
    public void Complete_LeaseExpiresWhileCommitting_CommittedFileKeepsItsBlocks()
    {
        var (writeId, blockId) = OpenWithOneReplicatedBlock("/race/expiry");
        _namespaceTime.OnNextCall = () =>
        {
            _tableTime.Advance(TimeSpan.FromMinutes(5));
            _writes.ExpireIdleWrites();
        };

        _writes.Complete(writeId, FileWith(blockId));

        Assert.NotNull(_namespace.Find("/race/expiry"));
        Assert.True(_blocks.IsKnown(blockId), "the committed file's block was invalidated by the lease monitor");
        Assert.Empty(_deletions.Take("a"));
    }

    [Fact]
    public void Complete_CommitFailsAfterAbandonArrived_BlocksDiscarded()
    {
        var (writeId, blockId) = OpenWithOneReplicatedBlock("/race/fails");
        _namespaceTime.OnNextCall = () =>
        {
            _writes.Abandon(writeId);
            _store.Dispose(); // the metadata store fails under the commit, as a dying disk would
        };

        Assert.ThrowsAny<ObjectDisposedException>(() => _writes.Complete(writeId, FileWith(blockId)));

        Assert.False(_blocks.IsKnown(blockId), "the abandoned write's block was never discarded");
        Assert.Equal([blockId], _deletions.Take("a"));
    }

    [Fact]
    public void Complete_CommitFails_WriteOpenAgainForAnAbandon()
    {
        var (writeId, blockId) = OpenWithOneReplicatedBlock("/race/retry");
        _namespace.CommitFile(new INodeRecord { Path = "/race/retry" }, overwrite: false);

        Assert.Throws<NamespaceException>(() => _writes.Complete(writeId, FileWith(blockId)));
        _writes.Abandon(writeId);

        Assert.False(_blocks.IsKnown(blockId));
    }

    [Fact]
    public void AddBlock_AbandonArrivesWhilePlacing_NoBlockLeftWithoutOwner()
    {
        var write = _writes.Create("/race/add", replication: 1, blockSize: 1024, overwrite: false);
        _placementRandom.OnNextCall = () => _writes.Abandon(write.WriteId);

        Assert.Throws<UnknownWriteException>(() => _writes.AddBlock(write.WriteId, new HashSet<string>()));

        Assert.Equal(0, _blocks.BlockCount);
    }

    [Fact]
    public void AddBlock_WhileCommitting_Refused()
    {
        var (writeId, blockId) = OpenWithOneReplicatedBlock("/race/add-during-commit");
        Exception? refused = null;
        _namespaceTime.OnNextCall = () => refused = Record.Exception(() => _writes.AddBlock(writeId, new HashSet<string>()));

        _writes.Complete(writeId, FileWith(blockId));

        Assert.IsType<WriteCommittingException>(refused);
        Assert.Equal(1, _blocks.BlockCount);
    }

    private (string WriteId, long BlockId) OpenWithOneReplicatedBlock(string path)
    {
        var write = _writes.Create(path, replication: 1, blockSize: 1024, overwrite: false);
        var (blockId, _) = _writes.AddBlock(write.WriteId, new HashSet<string>());
        _blocks.AddReplica(blockId, "a");
        return (write.WriteId, blockId);
    }

    private static INodeRecord FileWith(long blockId) => new() { Length = 10, Blocks = [new BlockRecord { BlockId = blockId, Length = 10 }] };

    /// <summary>A clock that runs a callback, once, the next time anyone reads it.</summary>
    private sealed class HookedTimeProvider : TimeProvider
    {
        public Action? OnNextCall { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            var hook = OnNextCall;
            OnNextCall = null;
            hook?.Invoke();
            return base.GetUtcNow();
        }
    }

    /// <summary>A random source that runs a callback, once, the next time anyone draws from it.</summary>
    private sealed class HookedRandom : Random
    {
        public Action? OnNextCall { get; set; }

        public override double NextDouble()
        {
            var hook = OnNextCall;
            OnNextCall = null;
            hook?.Invoke();
            return base.NextDouble();
        }
    }
}
