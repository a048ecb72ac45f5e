using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using DataLocal.NameNode.Writes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// Complete, abandon, add-block and lease expiry on one open file, interleaved by the deterministic
/// scheduler over the real WriteCoordinator, OpenWriteTable, BlockMap, BlockInvalidator and
/// NamespaceManager (on an in-memory LiteDB). After every step: a committed file's blocks are known
/// and never scheduled for deletion. At the end: every block is in the committed file, in an open
/// write, or invalidated, and exactly one of complete and abandon won.
/// </summary>
public sealed class WriteInterleavingTests
{
    [Fact]
    public void CompleteAbandonAddBlock_1000Schedules_CommittedBlocksNeverInvalidated() =>
        Explore(ScheduleLoopFactAttribute.InSuite, firstSeed: 1);

    [ScheduleLoopFact]
    public void CompleteAbandonAddBlock_LongRun() =>
        Explore(ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    // One in-memory LiteDB for all schedules (opening one costs more than a schedule); each schedule writes its own path.
    internal static int Explore(int schedules, int firstSeed)
    {
        using var store = MetadataStore.InMemory();
        var schedule = 0;
        return InterleavingExplorer.Explore(() => new OneOpenFile(store, ++schedule), schedules, firstSeed);
    }

    /// <summary>
    /// One open write of /schedule-N/f with block b1 on disk. The client adds block b2, writes it and completes
    /// with both (and abandons if that fails, as DataLocalClient does); a retried add-block allocates
    /// a block the file will not use; a cancelled client abandons; the lease monitor expires the write
    /// if it is idle by then (the clock has moved past the lease); another client's put may commit an
    /// empty file at the same path first, so the commit fails after its claim.
    /// </summary>
    internal sealed class OneOpenFile : IInterleavingScenario
    {
        private readonly string _path;
        private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        private readonly BlockMap _blocks = new();
        private readonly PendingDeletions _deletions = new();
        private readonly OpenWriteTable _openWrites;
        private readonly NamespaceManager _namespace;
        private readonly WriteCoordinator _writes;
        private readonly string _writeId;
        private readonly long _firstBlock;
        private readonly MetadataStore _store;
        private readonly long _firstId;
        private bool? _completed;

        public OneOpenFile(MetadataStore store, int schedule)
        {
            _path = $"/schedule-{schedule}/f";
            _store = store;
            // Every id the schedule allocates lies above this one, including one that an add-block
            // allocated and then lost to an abandon before any write owned it.
            _firstId = store.NextId("block");
            _namespace = new NamespaceManager(store, _time);
            var registry = new DatanodeRegistry(_time);
            registry.Register("a", "http://a", "/default-rack", 1L << 30, 0, 1L << 30);
            var options = Options.Create(new NameNodeOptions { DefaultReplication = 1, WriteLeaseTimeout = TimeSpan.FromSeconds(60) });
            _openWrites = new OpenWriteTable(_time);
            _writes = new WriteCoordinator(_namespace, _openWrites, _blocks, new BlockIdGenerator(store),
                new BlockInvalidator(_blocks, _deletions), registry, new ReplicaPlacementPolicy(new Random(1)), options,
                NullLogger<WriteCoordinator>.Instance);
            _writeId = _writes.Create(_path, replication: 1, blockSize: 1024, overwrite: false).WriteId;
            _firstBlock = AddWrittenBlock();
            _time.Advance(TimeSpan.FromSeconds(61));
            Operations =
            [
                new("client", Client),
                new("retried add-block", _ => Refusable(() => _writes.AddBlock(_writeId, new HashSet<string>()))),
                new("cancelled client", _ => _writes.Abandon(_writeId)),
                new("lease monitor", _ => _writes.ExpireIdleWrites()),
                new("rival put", _ => RivalPut()),
            ];
        }

        public IReadOnlyList<ScheduledOperation> Operations { get; }

        public void CheckInvariants(ScheduleView view)
        {
            if (_namespace.Find(_path) is not { } file)
            {
                return;
            }
            var pending = _deletions.PendingBlockIds();
            foreach (var block in file.Blocks)
            {
                Assert.True(_blocks.IsKnown(block.BlockId), $"block {block.BlockId} of committed {_path} was invalidated");
                Assert.DoesNotContain(block.BlockId, pending);
            }
        }

        public void CheckFinal()
        {
            var file = _namespace.Find(_path);
            var committed = file?.Blocks.Select(b => b.BlockId).ToHashSet() ?? [];
            var open = _openWrites.OwnedBlockIds();
            var lastId = _store.NextId("block");
            for (var block = _firstId + 1; block < lastId; block++)
            {
                var known = _blocks.IsKnown(block);
                Assert.True(committed.Contains(block) || open.Contains(block) || !known,
                    $"block {block} is known to the block map but belongs to no file and no open write: it would never be deleted");
                Assert.False(committed.Contains(block) && open.Contains(block), $"block {block} is both committed and in an open write");
            }
            // Exactly one of complete and abandon won (the rival's empty file is not this write's).
            var ours = file is { Blocks.Count: > 0 } ? file : null;
            Assert.Equal(_completed == true, ours is not null);
            if (ours is null)
            {
                Assert.False(_blocks.IsKnown(_firstBlock) && !open.Contains(_firstBlock), "the abandoned write's block was not invalidated");
            }
            else
            {
                Assert.Empty(open);
                Assert.Equal(2, ours.Blocks.Count);
            }
        }

        public void Dispose()
        {
        }

        private void Client(OperationContext context)
        {
            try
            {
                var second = AddWrittenBlock();
                context.Point("client:second block written");
                _writes.Complete(_writeId, new INodeRecord
                {
                    Length = 20,
                    Blocks = [new BlockRecord { BlockId = _firstBlock, Length = 10 }, new BlockRecord { BlockId = second, Offset = 10, Length = 10 }],
                });
                _completed = true;
            }
            catch (Exception ex) when (ex is UnknownWriteException or WriteCommittingException or NamespaceException)
            {
                _completed = false;
                context.Point("client:complete failed");
                _writes.Abandon(_writeId);
            }
        }

        // Another client's put of the same path commits first, or finds the path taken: the commit of
        // this write then fails after its claim, and the claim is released.
        private void RivalPut()
        {
            try
            {
                _namespace.CommitFile(new INodeRecord { Path = _path }, overwrite: false);
            }
            catch (NamespaceException)
            {
                // this write's file was committed first
            }
        }

        private long AddWrittenBlock()
        {
            var (blockId, _) = _writes.AddBlock(_writeId, new HashSet<string>());
            _blocks.AddReplica(blockId, "a");
            return blockId;
        }

        private static void Refusable(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is UnknownWriteException or WriteCommittingException)
            {
                // The write was completed, abandoned or expired first: the call is refused, as it should be.
            }
        }
    }
}
