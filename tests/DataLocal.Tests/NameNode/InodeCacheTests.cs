using DataLocal.NameNode.Persistence;

namespace DataLocal.Tests.NameNode;

/// <summary>
/// The metadata store's inode cache (<see cref="InodeCache"/>): lookups answer what LiteDB holds after every
/// commit, a caller's changes to what it found never reach other callers, and a record read before a commit
/// never lands in the cache after it.
/// </summary>
public sealed class InodeCacheTests
{
    [Fact]
    public void Find_AfterCommit_AnswersTheCommittedRecord()
    {
        using var store = MetadataStore.InMemory();
        store.Commit([], [File("/d/f", replication: 1)]);
        Assert.Equal(1, store.Find("/d/f")!.Replication); // now cached

        store.Commit([], [File("/d/f", replication: 3)]);

        Assert.Equal(3, store.Find("/d/f")!.Replication);
        store.Commit(["/d/f"], []);
        Assert.Null(store.Find("/d/f"));
    }

    [Fact]
    public void Find_CallerChangesWhatItFound_OthersStillSeeTheStoredRecord()
    {
        using var store = MetadataStore.InMemory();
        store.Commit([], [File("/d/f", replication: 2)]);
        var found = store.Find("/d/f")!;

        found.Replication = 9;
        found.Blocks[0].Length = 1;
        found.Blocks[0].Columns[0].Max = "zzz";

        var again = store.Find("/d/f")!;
        Assert.Equal(2, again.Replication);
        Assert.Equal(100, again.Blocks[0].Length);
        Assert.Equal("9", again.Blocks[0].Columns[0].Max);
    }

    [Fact]
    public void Commit_ThatFails_LeavesTheCachedRecord()
    {
        using var store = MetadataStore.InMemory();
        store.Commit([], [File("/d/f", replication: 2)]);
        Assert.NotNull(store.Find("/d/f"));

        // The root cannot be deleted: the transaction, with its upsert, is rolled back.
        Assert.Throws<InvalidOperationException>(() => store.Commit(["/"], [File("/d/f", replication: 5)]));

        Assert.Equal(2, store.Find("/d/f")!.Replication);
    }

    [Fact]
    public void AddIfUnchanged_RecordReadBeforeACommit_IsNotCached()
    {
        var cache = new InodeCache(maxBytes: 1 << 20);
        var versionRead = cache.Version;
        cache.Apply([], [File("/d/f", replication: 3)]); // the commit that happened while the reader queried

        cache.AddIfUnchanged(File("/d/f", replication: 1), versionRead);

        Assert.True(cache.TryGet("/d/f", out var cached));
        Assert.Equal(3, cached!.Replication);
    }

    [Fact]
    public void Put_BeyondItsBytes_StartsAgainEmpty()
    {
        var cache = new InodeCache(maxBytes: 4_000);
        for (var i = 0; i < 20; i++)
        {
            cache.AddIfUnchanged(File($"/d/f{i}", replication: 1), cache.Version);
        }

        Assert.InRange(cache.Count, 1, 6);
        Assert.True(cache.TryGet("/d/f19", out _));
    }

    [Fact]
    public void Copy_CopiesEveryProperty()
    {
        // A property added to the records later must not come back empty from the cache.
        var record = File("/d/f", replication: 3);
        record.Owner = "alice";
        record.Group = "staff";
        record.Mode = 0x1a4;
        record.Sha256 = "abc";
        record.IsParquet = true;
        record.ParquetFooter = [1, 2, 3];
        record.ModifiedUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        record.BlockSize = 1234;
        record.Length = 100;

        var copy = INodeCopies.Copy(record);

        foreach (var property in typeof(INodeRecord).GetProperties().Where(p => p.CanWrite && p.Name != nameof(INodeRecord.Blocks)))
        {
            Assert.Equal(property.GetValue(record), property.GetValue(copy));
        }
        foreach (var property in typeof(BlockRecord).GetProperties().Where(p => p.CanWrite && p.Name != nameof(BlockRecord.Columns)))
        {
            Assert.Equal(property.GetValue(record.Blocks[0]), property.GetValue(copy.Blocks[0]));
        }
        Assert.NotSame(record.Blocks[0], copy.Blocks[0]);
        Assert.NotSame(record.Blocks[0].Columns[0], copy.Blocks[0].Columns[0]);
        Assert.Equal(record.Blocks[0].Columns[0].Max, copy.Blocks[0].Columns[0].Max);
    }

    private static INodeRecord File(string path, int replication) => new()
    {
        Path = path,
        Parent = "/d",
        Replication = replication,
        Blocks =
        [
            new BlockRecord
            {
                BlockId = 7, Offset = 0, Length = 100, GenerationStamp = 5, FirstRowGroup = 1, RowGroupCount = 2, RowCount = 42,
                Columns = [new ColumnStatisticsRecord { Column = "a", Min = "1", Max = "9", NullCount = 0 }],
            },
        ],
    };
}
