using DataLocal.DataNode.Compute;

namespace DataLocal.Tests.Compute;

/// <summary>A file's tasks decode its footer once; a file whose footer differs never gets another's.</summary>
public sealed class DecodedFooterCacheTests
{
    [Fact]
    public void Get_SameFooterThroughAnotherStream_IsTheDecodedOneAgain()
    {
        var bytes = File.ReadAllBytes(TestData.Parquet("userdata1.parquet"));
        var first = DecodedFooterCache.Get(new MemoryStream(bytes, writable: false));
        var second = DecodedFooterCache.Get(new MemoryStream((byte[])bytes.Clone(), writable: false));
        Assert.Same(first, second);
    }

    [Fact]
    public void Get_FooterOfTheSameLengthWithOtherBytes_IsDecodedAfresh()
    {
        var bytes = File.ReadAllBytes(TestData.Parquet("userdata1.parquet"));
        var original = DecodedFooterCache.Get(new MemoryStream(bytes, writable: false));
        // The same file with its schema's first column renamed (same length): a different footer.
        var renamed = (byte[])bytes.Clone();
        var footerStart = renamed.Length - 8 - BitConverter.ToInt32(renamed, renamed.Length - 8);
        var name = System.Text.Encoding.ASCII.GetBytes(original.Leaves[0].Path);
        // Every mention (the schema and each row group's path_in_schema), so the footer stays consistent.
        for (var at = renamed.AsSpan(footerStart).IndexOf(name); at >= 0; at = renamed.AsSpan(footerStart).IndexOf(name))
        {
            renamed[footerStart + at] = (byte)'x';
        }
        var decoded = DecodedFooterCache.Get(new MemoryStream(renamed, writable: false));
        Assert.NotSame(original, decoded);
        Assert.NotEqual(original.Leaves[0].Path, decoded.Leaves[0].Path);
    }
}
