using System.Text;
using DataLocal.Common.Query;
using DataLocal.NameNode.Persistence;

namespace DataLocal.Tests.NameNode;

/// <summary>A stored result copied into pages without decoding its text, and the pages read back by a client.</summary>
public sealed class StoredJobResultPagingTests
{
    private static readonly string?[][] Rows =
    [
        ["1", "plain", null],
        [null, "", "ünïcödé 😀 and 漢字"],
        ["-0", new string('x', 300), "NULL"],
        .. Enumerable.Range(0, 500).Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? null : "v" + i, new string('é', i % 200) }),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(1 << 20)]
    public void CopyRowsTo_PagesOfAnySize_ReadBackAsTheStoredRows(int pageBytes)
    {
        using var stored = Stored();

        var pages = Pages(stored, pageBytes);

        Assert.Equal(Rows, pages.SelectMany(p => ResultRowFormat.ReadPage(p, 3)));
        Assert.All(pages.SkipLast(1), p => Assert.True(p.Length >= pageBytes));
    }

    [Fact]
    public void CopyRowsTo_RowsHeldInMemory_PagedTheSameWay()
    {
        using var inline = new StoredJobResult(["a", "b", "c"], Rows);

        Assert.Equal(Rows, Pages(inline, 1000).SelectMany(p => ResultRowFormat.ReadPage(p, 3)));
    }

    [Fact]
    public void ReadPage_RowWithoutItsMarker_IsRefused()
    {
        Assert.Throws<InvalidDataException>(() => ResultRowFormat.ReadPage(new byte[] { 0, 0, 0, 0 }, 3));
    }

    private static StoredJobResult Stored()
    {
        var stream = new MemoryStream();
        JobResultCodec.Write(stream, ["a", "b", "c"], Rows);
        stream.Position = 0;
        return JobResultCodec.Read(stream);
    }

    private static List<byte[]> Pages(StoredJobResult result, int pageBytes)
    {
        var pages = new List<byte[]>();
        while (true)
        {
            using var page = new MemoryStream();
            using var writer = new BinaryWriter(page, Encoding.UTF8, leaveOpen: true);
            if (result.CopyRowsTo(writer, pageBytes) == 0)
            {
                return pages;
            }
            pages.Add(page.ToArray());
        }
    }
}
