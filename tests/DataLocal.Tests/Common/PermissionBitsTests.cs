using DataLocal.Common.Security;

namespace DataLocal.Tests.Common;

/// <summary>chmod modes as `hdfs dfs -chmod` takes them: octal replaces the bits, symbolic clauses change them.</summary>
public sealed class PermissionBitsTests
{
    [Theory]
    [InlineData("750", 0x1A4, false, "-rwxr-x---")]
    [InlineData("0644", 0x1FF, false, "-rw-r--r--")]
    [InlineData("7", 0x1FF, false, "-------rwx")]
    [InlineData("u+x", 0x1A4, false, "-rwxr--r--")]
    [InlineData("go-r", 0x1A4, false, "-rw-------")]
    [InlineData("a=r", 0x1FF, false, "-r--r--r--")]
    [InlineData("+w", 0x124, false, "-rw-rw-rw-")]
    [InlineData("u=rwx,g=rx,o=", 0, true, "drwxr-x---")]
    [InlineData("o-w+x", 0x1B6, false, "-rw-rw-r-x")]
    [InlineData("a+X", 0x1A4, true, "drwxr-xr-x")]
    [InlineData("a+X", 0x1A4, false, "-rw-r--r--")]
    [InlineData("a+X", 0x1E4, false, "-rwxr-xr-x")]
    public void Apply_Mode_GivesBitsLsShows(string mode, int current, bool isDirectory, string expected) =>
        Assert.Equal(expected, PermissionBits.Text(isDirectory, PermissionBits.Apply(mode, current, isDirectory)));

    [Theory]
    [InlineData("")]
    [InlineData("1777")]
    [InlineData("8")]
    [InlineData("u")]
    [InlineData("u+q")]
    [InlineData("z+r")]
    [InlineData("u+r,")]
    public void Apply_NotAMode_IsRefusedSayingWhatIsAccepted(string mode)
    {
        var refused = Assert.Throws<InvalidModeException>(() => PermissionBits.Apply(mode, 0x1A4, isDirectory: false));

        Assert.StartsWith($"invalid mode '{mode}': ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("(octal like 750, or symbolic like u+w,go-r)", refused.Message, StringComparison.Ordinal);
    }
}
