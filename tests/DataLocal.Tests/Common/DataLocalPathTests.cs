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
    [InlineData("/ ", "/ ")]
    [InlineData("/d/keep.txt ", "/d/keep.txt ")]
    [InlineData("/ d/ x ", "/ d/ x ")]
    [InlineData("/C/CASE.TXT", "/C/CASE.TXT")]
    public void Normalize_SpacesAndCase_KeptExactlyAsTyped(string path, string expected) =>
        Assert.Equal(expected, DataLocalPath.Normalize(path));

    [Fact]
    public void Normalize_SegmentLimit_CountsUtf8Bytes()
    {
        // 'é' is two bytes in UTF-8: 127 of them fit in 255 bytes, 128 do not.
        Assert.Equal("/" + new string('é', 127), DataLocalPath.Normalize("/" + new string('é', 127)));

        var error = Assert.Throws<InvalidPathException>(() => DataLocalPath.Normalize("/" + new string('é', 128)));

        Assert.Contains("256 bytes long; the limit is 255 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_PathAtTheByteLimit_Accepted_OneByteMoreRefused()
    {
        var atLimit = LongPath(DataLocalPath.MaxPathLength);

        Assert.Equal(atLimit, DataLocalPath.Normalize(atLimit));
        var error = Assert.Throws<InvalidPathException>(() => DataLocalPath.Normalize(atLimit + "x"));
        Assert.Contains($"the limit is {DataLocalPath.MaxPathLength} bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Normalize_LoneSurrogate_Refused()
    {
        // Two paths differing only in a lone surrogate would encode to the same UTF-8 (U+FFFD).
        var error = Assert.Throws<InvalidPathException>(() => DataLocalPath.Normalize("/a\uD800b"));

        Assert.Contains("not valid Unicode", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An absolute path of exactly <paramref name="bytes"/> UTF-8 bytes made of maximal names.</summary>
    public static string LongPath(int bytes)
    {
        var path = new System.Text.StringBuilder();
        while (path.Length < bytes)
        {
            var room = bytes - path.Length - 1;
            path.Append('/').Append('n', Math.Min(room, DataLocalPath.MaxSegmentLength));
        }
        return path.ToString();
    }

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
