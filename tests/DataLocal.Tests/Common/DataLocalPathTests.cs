using DataLocal.Common.Paths;

namespace DataLocal.Tests.Common;

public sealed class DataLocalPathTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/data", "/data")]
    [InlineData("/data/", "/data")]
    [InlineData("/a/b/c.parquet", "/a/b/c.parquet")]
    public void Normalize_ValidPath_ReturnsCanonicalForm(string path, string expected) =>
        Assert.Equal(expected, DataLocalPath.Normalize(path));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("data", "not absolute")]
    [InlineData("/a/../b", "relative segments")]
    [InlineData("/a/./b", "relative segments")]
    [InlineData("/a//b", "empty segment")]
    [InlineData("/a\0b", "forbidden character")]
    [InlineData("/a:b", "forbidden character")]
    public void Normalize_BadPath_ThrowsSayingWhy(string path, string reason)
    {
        var error = Assert.Throws<InvalidPathException>(() => DataLocalPath.Normalize(path));

        Assert.StartsWith("invalid path: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_SegmentOver255Characters_Throws() =>
        Assert.Throws<InvalidPathException>(() => DataLocalPath.Normalize("/" + new string('a', 256)));

    [Theory]
    [InlineData("/a/b", "/a")]
    [InlineData("/a", "/")]
    [InlineData("/", "/")]
    public void Parent_OfPath_IsItsDirectory(string path, string parent) => Assert.Equal(parent, DataLocalPath.Parent(path));

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/x", "/", true)]
    public void IsSameOrDescendant_ComparesWholeSegments(string path, string ancestor, bool expected) =>
        Assert.Equal(expected, DataLocalPath.IsSameOrDescendant(path, ancestor));
}
