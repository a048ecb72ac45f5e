using System.Security.Cryptography;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using Parquet;

namespace DataLocal.Tests.Library;

/// <summary>The library's Stream and IAsyncEnumerable shapes: seekable reads over blocks, put from a stream, listings as they come.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class LibraryStreamsTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task OpenReadAsync_ReadsByteExactAcrossBlocks_AndSeeksAnywhere()
    {
        using var client = fixture.Cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 300_000, seed: 7);
        var expected = await File.ReadAllBytesAsync(local);
        await client.PutAsync(local, "/lib-streams/random.bin", new PutOptions(BlockSize: 64 * 1024, Overwrite: true));

        await using var stream = await client.OpenReadAsync("/lib-streams/random.bin");
        Assert.True(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Equal(expected.Length, stream.Length);
        using (var whole = new MemoryStream())
        {
            await stream.CopyToAsync(whole);
            Assert.Equal(SHA256.HashData(expected), SHA256.HashData(whole.ToArray()));
        }

        // Back and forth across block boundaries (64 KiB), and a read that runs past the end.
        foreach (var (offset, count) in new[] { (65_530L, 20), (10L, 100), (196_600L, 9_000), (299_990L, 50), (0L, 1) })
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[count];
            var read = await ReadFullyAsync(stream, buffer);
            var wanted = (int)Math.Min(count, expected.Length - offset);
            Assert.Equal(wanted, read);
            Assert.Equal(expected.AsSpan((int)offset, wanted).ToArray(), buffer[..read]);
        }
        // Synchronous readers (Parquet.Net's, StreamReader) get the same bytes, here across the second block boundary.
        stream.Position = 131_070;
        var synchronous = new byte[8];
        stream.ReadExactly(synchronous.AsSpan());
        Assert.Equal(expected.AsSpan(131_070, 8).ToArray(), synchronous);
        stream.Seek(0, SeekOrigin.End);
        Assert.Equal(0, await stream.ReadAsync(new byte[10]));
    }

    [Fact]
    public async Task OpenReadAsync_ParquetReaderOverTheStream_ReadsEveryRow()
    {
        using var client = fixture.Cluster.CreateClient();
        var stored = await client.PutAsync(TestData.Parquet("file_row_number.parquet"), "/lib-streams/seq.parquet", new PutOptions(BlockSize: 4 * 1024, Overwrite: true));
        Assert.True(stored.BlockCount > 1);

        await using var stream = await client.OpenReadAsync("/lib-streams/seq.parquet");
        await using var reader = await ParquetReader.CreateAsync(stream);
        long rows = 0;
        for (var i = 0; i < reader.RowGroupCount; i++)
        {
            using var group = reader.OpenRowGroupReader(i);
            // Decoding a column chunk reads its pages from wherever the stream seeks to.
            Assert.NotNull(await group.ReadRawColumnDataBaseAsync(reader.Schema.DataFields[0]));
            rows += group.RowCount;
        }

        Assert.Equal(stored.RowCount, rows);
    }

    [Fact]
    public async Task PutAsyncFromStream_UnseekableStream_StoredByteExact()
    {
        using var client = fixture.Cluster.CreateClient();
        var bytes = new byte[150_000];
        new Random(11).NextBytes(bytes);
        await using var pipe = new ForwardOnlyStream(bytes);

        var result = await client.PutAsync(pipe, "/lib-streams/from-stream.bin", new PutOptions(BlockSize: 64 * 1024, Overwrite: true));

        Assert.Equal(bytes.Length, result.Length);
        Assert.Equal(3, result.BlockCount);
        using var copy = new MemoryStream();
        await client.ReadToAsync("/lib-streams/from-stream.bin", copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task EnumerateAsync_Recursive_YieldsWhatListAsyncReturns()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.MkdirsAsync("/lib-enum/a/b", parents: true);
        await client.MkdirsAsync("/lib-enum/c", parents: true);
        await using (var content = new MemoryStream([1, 2, 3]))
        {
            await client.PutAsync(content, "/lib-enum/a/b/file.bin", new PutOptions(Overwrite: true));
        }

        var enumerated = new List<string>();
        await foreach (var entry in client.EnumerateAsync("/lib-enum", recursive: true))
        {
            enumerated.Add(entry.Path);
        }
        var listed = (await client.ListAsync("/lib-enum", recursive: true)).Select(e => e.Path);

        Assert.Equal(listed.Order(StringComparer.Ordinal), enumerated.Order(StringComparer.Ordinal));
        Assert.Contains("/lib-enum/a/b/file.bin", enumerated);
        Assert.Equal(enumerated.Count, enumerated.Distinct().Count());
    }

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
        }
        return total;
    }

    /// <summary>A stream that can only be read forward, as a network body or a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();

        public override long Length => throw new NotSupportedException();
    }
}
