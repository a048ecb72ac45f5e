using DataLocal.NameNode.Persistence;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.NameNode;

/// <summary>Job results as the namenode stores them in its LiteDB file, apart from the job records.</summary>
public sealed class JobResultStoreTests : IDisposable
{
    private readonly string _directory = Files.TempDirectory();

    [Fact]
    public void SaveJobResult_LargeResult_ReadsBackEveryRowAfterReopening()
    {
        string?[][] rows = [.. Enumerable.Range(0, 50_000).Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 7 == 0 ? null : new string('x', i % 40) })];
        using (var store = new MetadataStore(_directory))
        {
            store.SaveJobResult("job_1", stream => JobResultCodec.Write(stream, ["n", "text"], rows));
        }

        using var reopened = new MetadataStore(_directory);
        using var result = JobResultCodec.Read(reopened.OpenJobResult("job_1")!);
        Assert.Equal(["n", "text"], result.Columns);
        Assert.Equal(rows, result.Rows.Select(r => r.ToArray()));
    }

    [Fact]
    public void SaveJobResult_WriteFailsHalfway_NothingStoredAndTheStoreGoesOn()
    {
        using var store = new MetadataStore(_directory);
        var half = new byte[1024 * 1024];

        Assert.Throws<IOException>(() => store.SaveJobResult("job_1", stream =>
        {
            // Several of LiteDB's chunks are written before the failure.
            for (var i = 0; i < 3; i++)
            {
                stream.Write(half);
            }
            throw new IOException("disk full");
        }));

        Assert.Null(store.OpenJobResult("job_1"));
        store.SaveJobResult("job_2", stream => JobResultCodec.Write(stream, ["a"], [["1"]]));
        using var second = JobResultCodec.Read(store.OpenJobResult("job_2")!);
        Assert.Equal([["1"]], second.Rows.Select(r => r.ToArray()));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
