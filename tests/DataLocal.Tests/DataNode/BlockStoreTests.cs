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
        Assert.Equal([(7L, 10_000L)], store.Replicas());
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
        var writer = store.CreateReplica(10);
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

    private BlockStore NewStore() =>
        new(Options.Create(new DataNodeOptions { Directory = _directory, NameNodeAddress = "http://unused" }), NullLogger<BlockStore>.Instance);

    private static async Task WriteAsync(BlockStore store, long blockId, byte[] data, int pieceSize)
    {
        var writer = store.CreateReplica(blockId);
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
