using DataLocal.Client.Model;
using DataLocal.Client.Reading;

namespace DataLocal.Tests.Library;

/// <summary>The seekable stream over a stored file fetches only the windows that reads touch, never across a block.</summary>
public sealed class StoredFileStreamTests
{
    // A 100-byte "file" of ten 10-byte blocks; byte i holds the value i.
    private static readonly byte[] Content = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];

    [Fact]
    public async Task Read_FetchesOnlyTheWindowUnderThePosition_AndServesLaterReadsFromIt()
    {
        var fetches = new List<(long BlockId, long Offset, long Length)>();
        await using var stream = Open(fetches, window: 4);

        stream.Position = 25;
        var first = new byte[2];
        Assert.Equal(2, await stream.ReadAsync(first));
        Assert.Equal(2, await stream.ReadAsync(first));   // 27, 28: inside the window fetched for 25

        Assert.Equal([(2L, 5L, 4L)], fetches);
        Assert.Equal(new byte[] { 27, 28 }, first);
    }

    [Fact]
    public async Task Read_StopsAtTheBlockEnd_AndTheNextReadFetchesTheNextBlock()
    {
        var fetches = new List<(long BlockId, long Offset, long Length)>();
        await using var stream = Open(fetches, window: 4);
        stream.Position = 38;

        var buffer = new byte[5];
        stream.ReadExactly(buffer);

        Assert.Equal(new byte[] { 38, 39, 40, 41, 42 }, buffer);
        // The first fetch asked for the 5 wanted bytes but got the 2 left in block 3; the rest came from block 4.
        Assert.Equal([(3L, 8L, 2L), (4L, 0L, 4L)], fetches);
    }

    [Fact]
    public async Task SeekFromEnd_ThenCopy_ReadsTheTailOnly()
    {
        var fetches = new List<(long BlockId, long Offset, long Length)>();
        await using var stream = Open(fetches, window: 64);
        stream.Seek(-15, SeekOrigin.End);

        using var tail = new MemoryStream();
        await stream.CopyToAsync(tail);

        Assert.Equal(Content[85..], tail.ToArray());
        Assert.Equal([8L, 9L], fetches.Select(f => f.BlockId));
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task Write_IsRefused_TheStreamIsReadOnly()
    {
        await using var stream = Open([], window: 4);

        Assert.False(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
    }

    private static StoredFileStream Open(List<(long BlockId, long Offset, long Length)> fetches, int window)
    {
        var blocks = Enumerable.Range(0, 10)
            .Select(i => new BlockInfo(i, i, i * 10, 10, -1, 0, 0, [], [new ReplicaLocation("dn", "http://127.0.0.1:1", "/default")], []))
            .ToList();
        return new StoredFileStream(Content.Length, blocks, (block, offset, length, _) =>
        {
            fetches.Add((block.BlockId, offset, length));
            return Task.FromResult(new MemoryStream(Content, (int)(block.Offset + offset), (int)length));
        }, window);
    }
}
