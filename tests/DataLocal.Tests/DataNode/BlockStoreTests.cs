using System.Text;
using DataLocal.Common.Checksums;
using DataLocal.DataNode;
using DataLocal.DataNode.Storage;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataLocal.Tests.DataNode;

public sealed class BlockStoreTests
{
    // Replicas written before generation stamps existed, and tests about something else.
    private const long NoStamp = 0;
    private readonly string _directory = Files.TempDirectory();

    [Fact]
    public void Crc32C_StandardCheckValue() => Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public async Task WriteCommitRead_ReplicaRoundTripsInPiecesOfAnySize()
    {
        var store = NewStore();
        var data = new byte[10_000];
        new Random(1).NextBytes(data);

        await WriteAsync(store, 7, data, pieceSize: 333);
        var read = await ReadAllAsync(store.OpenReplica(7), 100, 9_000);

        Assert.Equal(data.AsSpan(100, 9_000).ToArray(), read);
        Assert.Equal([(7L, 10_000L, NoStamp)], store.Replicas());
    }

    [Fact]
    public async Task OpenReplica_FlippedByte_ThrowsCorruptReplica()
    {
        var store = NewStore();
        await WriteAsync(store, 8, new byte[4096], pieceSize: 4096);
        var file = Path.Combine(_directory, "current", "blk_8");
        var bytes = File.ReadAllBytes(file);
        bytes[2000] ^= 1;
        File.WriteAllBytes(file, bytes);

        var error = await Assert.ThrowsAsync<CorruptReplicaException>(() => ReadAllAsync(store.OpenReplica(8), 0, 4096));

        Assert.Contains("chunk 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenReplica_TruncatedFile_ThrowsCorruptReplica()
    {
        var store = NewStore();
        await WriteAsync(store, 9, new byte[4096], pieceSize: 1000);
        File.WriteAllBytes(Path.Combine(_directory, "current", "blk_9"), new byte[100]);

        await Assert.ThrowsAsync<CorruptReplicaException>(() => ReadAllAsync(store.OpenReplica(9), 0, 100));
    }

    [Fact]
    public async Task UncommittedWriter_LeavesNothingVisible()
    {
        var store = NewStore();
        var writer = await store.CreateReplicaAsync(10, NoStamp, CancellationToken.None);
        await using (writer)
        {
            await writer.WriteAsync(new byte[100], CancellationToken.None);
        }

        Assert.False(store.Contains(10));
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "tmp")));
    }

    [Fact]
    public async Task Restart_KeepsFinalizedReplicasAndIdentity_DiscardsTmp()
    {
        var store = NewStore();
        await WriteAsync(store, 11, new byte[1234], pieceSize: 1234);
        File.WriteAllText(Path.Combine(_directory, "tmp", "blk_12.leftover"), "half a write");

        var reopened = NewStore();

        Assert.True(reopened.Contains(11));
        Assert.Equal(store.NodeId, reopened.NodeId);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "tmp")));
    }

    [Fact]
    public async Task Restart_DataFileWithoutChecksums_IsDiscardedNotServed()
    {
        var store = NewStore();
        await WriteAsync(store, 13, new byte[10], pieceSize: 10);
        File.Delete(Path.Combine(_directory, "current", "blk_13.meta"));

        var reopened = NewStore();

        Assert.False(reopened.Contains(13));
        Assert.Throws<ReplicaNotFoundException>(() => reopened.OpenReplica(13));
    }

    [Fact]
    public async Task Restart_StampedAndStamplessReplicas_BothKeepTheirStampsAndStayReadable()
    {
        var store = NewStore();
        var data = new byte[700];
        new Random(5).NextBytes(data);
        await WriteAsync(store, 30, 8_123_456_789L, data, pieceSize: 100);
        await WriteAsync(store, 31, NoStamp, data, pieceSize: 100);

        var reopened = NewStore();

        Assert.Equal([(30L, 700L, 8_123_456_789L), (31L, 700L, NoStamp)], reopened.Replicas().OrderBy(r => r.BlockId));
        Assert.True(File.Exists(Path.Combine(_directory, "current", "blk_30_8123456789.meta")));
        Assert.True(File.Exists(Path.Combine(_directory, "current", "blk_31.meta")));
        Assert.Equal(data, await ReadAllAsync(reopened.OpenReplica(30), 0, 700));
        Assert.Equal(data, await ReadAllAsync(reopened.OpenReplica(31), 0, 700));
    }

    [Fact]
    public async Task Delete_StampedReplica_RemovesDataAndMeta()
    {
        var store = NewStore();
        await WriteAsync(store, 32, 77L, new byte[10], pieceSize: 10);

        Assert.True(store.Delete(32));

        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "current"), "blk_32*"));
        Assert.False(NewStore().Contains(32));
    }

    [Fact]
    public async Task ReplicaPieceFiller_BuffersOfAnotherSize_FillsThemWithTheReplicaInOrder()
    {
        var store = NewStore();
        var data = new byte[10_000];
        new Random(2).NextBytes(data);
        await WriteAsync(store, 14, data, pieceSize: 4096);

        var copied = new byte[data.Length];
        var filler = new ReplicaPieceFiller(store.OpenReplica(14), readBufferSize: 1024);
        await using (filler)
        {
            for (var offset = 0; offset < data.Length; offset += 3000)
            {
                await filler.FillAsync(copied.AsMemory(offset, Math.Min(3000, data.Length - offset)), offset, CancellationToken.None);
            }
        }

        Assert.Equal(data, copied);
    }

    [Fact]
    public async Task CreateReplica_IdOfFinalizedReplica_RefusedAndReplicaUntouched()
    {
        var store = NewStore();
        var original = new byte[2000];
        new Random(3).NextBytes(original);
        await WriteAsync(store, 20, original, pieceSize: 700);

        var error = await Assert.ThrowsAsync<ReplicaExistsException>(() => WriteAsync(store, 20, new byte[2000], pieceSize: 2000));

        Assert.Equal("block 20 already exists: this node holds a finalized replica of it", error.Message);
        Assert.Equal(original, await ReadAllAsync(store.OpenReplica(20), 0, 2000));
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "tmp")));
    }

    [Fact]
    public async Task CreateReplica_WhileAnotherWriteOfTheIdIsOpen_SecondRefused_FirstCommitsWhole()
    {
        var store = NewStore();
        var first = await store.CreateReplicaAsync(21, NoStamp, CancellationToken.None);
        await using (first)
        {
            await first.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);

            var error = await Assert.ThrowsAsync<ReplicaExistsException>(() => store.CreateReplicaAsync(21, NoStamp, CancellationToken.None));

            Assert.Contains("another write of it is in progress", error.Message, StringComparison.Ordinal);
            await first.WriteAsync(new byte[] { 4, 5 }, CancellationToken.None);
            await first.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, await ReadAllAsync(store.OpenReplica(21), 0, 5));
        await Assert.ThrowsAsync<ReplicaExistsException>(() => store.CreateReplicaAsync(21, NoStamp, CancellationToken.None));
    }

    [Fact]
    public async Task CreateReplica_AfterAnAbandonedWriteOfTheId_Accepted()
    {
        var store = NewStore();
        var abandoned = await store.CreateReplicaAsync(22, NoStamp, CancellationToken.None);
        await using (abandoned)
        {
            await abandoned.WriteAsync(new byte[10], CancellationToken.None);
        }

        await WriteAsync(store, 22, [9, 9], pieceSize: 2);

        Assert.Equal(new byte[] { 9, 9 }, await ReadAllAsync(store.OpenReplica(22), 0, 2));
    }

    [Fact]
    public async Task CreateReplica_ReplicaFlaggedCorrupt_NewReplicaReplacesIt()
    {
        var store = NewStore();
        await WriteAsync(store, 23, new byte[1000], pieceSize: 1000);
        FlipByte(23, 600);
        store.MarkCorrupt(23);
        var good = new byte[1000];
        new Random(4).NextBytes(good);

        await WriteAsync(store, 23, good, pieceSize: 1000);

        Assert.Equal(good, await ReadAllAsync(store.OpenReplica(23), 0, 1000));
        Assert.DoesNotContain(23L, store.CorruptReplicas());
    }

    [Fact]
    public async Task CreateReplica_ReplicaCorruptButNotYetNoticed_VerifiedOnTheSpotAndReplaced()
    {
        // After a restart the node has forgotten which replicas it found corrupt; a rebuild sent to it must still land.
        await WriteAsync(NewStore(), 24, new byte[1000], pieceSize: 1000);
        FlipByte(24, 10);
        var store = NewStore();
        var good = new byte[1000];
        new Random(5).NextBytes(good);

        await WriteAsync(store, 24, good, pieceSize: 1000);

        Assert.Equal(good, await ReadAllAsync(store.OpenReplica(24), 0, 1000));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public async Task CreateReplica_ZeroOrNegativeId_Refused(long blockId)
    {
        var store = NewStore();

        await Assert.ThrowsAsync<InvalidBlockIdException>(() => store.CreateReplicaAsync(blockId, NoStamp, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "tmp")));
    }

    private void FlipByte(long blockId, int offset)
    {
        var file = Path.Combine(_directory, "current", $"blk_{blockId}");
        var bytes = File.ReadAllBytes(file);
        bytes[offset] ^= 1;
        File.WriteAllBytes(file, bytes);
    }

    private BlockStore NewStore() =>
        new(Options.Create(new DataNodeOptions { Directory = _directory, NameNodeAddress = "http://unused" }), NullLogger<BlockStore>.Instance);

    private static Task WriteAsync(BlockStore store, long blockId, byte[] data, int pieceSize) => WriteAsync(store, blockId, NoStamp, data, pieceSize);

    private static async Task WriteAsync(BlockStore store, long blockId, long generationStamp, byte[] data, int pieceSize)
    {
        var writer = await store.CreateReplicaAsync(blockId, generationStamp, CancellationToken.None);
        await using (writer)
        {
            for (var offset = 0; offset < data.Length; offset += pieceSize)
            {
                await writer.WriteAsync(data.AsMemory(offset, Math.Min(pieceSize, data.Length - offset)), CancellationToken.None);
            }
            await writer.CommitAsync(CancellationToken.None);
        }
    }

    private static async Task<byte[]> ReadAllAsync(ReplicaReader reader, long offset, long length)
    {
        using var output = new MemoryStream();
        await foreach (var piece in reader.ReadAsync(offset, length, 1024, CancellationToken.None))
        {
            output.Write(piece.Span);
        }
        return output.ToArray();
    }
}
