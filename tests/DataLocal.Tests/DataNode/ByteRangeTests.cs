using DataLocal.DataNode.WebHdfs;

namespace DataLocal.Tests.DataNode;

/// <summary>The "Range: bytes=…" forms range-reading clients send, against a 100-byte body.</summary>
public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 0, 10)]
    [InlineData("bytes=90-", 90, 10)]
    [InlineData("bytes=90-1000", 90, 10)]
    [InlineData("bytes=-8", 92, 8)]
    [InlineData("bytes=-1000", 0, 100)]
    [InlineData("BYTES=5-5", 5, 1)]
    public void Parse_SatisfiableRange_SelectsThoseBytes(string header, long from, long count) =>
        Assert.Equal(new ByteRange(from, count, Satisfiable: true), ByteRange.Parse(header, 100));

    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=-0")]
    public void Parse_RangeOutsideTheBody_IsUnsatisfiable(string header) =>
        Assert.False(ByteRange.Parse(header, 100)!.Value.Satisfiable);

    [Theory]
    [InlineData("")]
    [InlineData("items=0-9")]
    [InlineData("bytes=0-9,20-29")]
    [InlineData("bytes=9-0")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=-")]
    public void Parse_AnythingElse_IsIgnored_SoTheWholeBodyIsSent(string header) =>
        Assert.Null(ByteRange.Parse(header, 100));
}
