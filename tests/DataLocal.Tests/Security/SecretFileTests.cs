using DataLocal.Common.Security;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Security;

/// <summary>Secret files are created owner-only and refused, as ssh refuses keys, when others may read them.</summary>
public sealed class SecretFileTests
{
    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Create_WritesFileOnlyItsOwnerMayReadOrWrite()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX permissions");
        var path = Path.Combine(Files.TempDirectory(), "sub", "token");

        SecretFile.Create(path, "dlu_abc_secret");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("dlu_abc_secret", SecretFile.Read(path));
    }

    [SkippableTheory]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.OtherWrite)]
    public void Read_FileOthersMayAccess_IsRefusedSayingHowToFixIt(UnixFileMode extra)
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX permissions");
        var path = Path.Combine(Files.TempDirectory(), "token");
        SecretFile.Create(path, "dlu_abc_secret");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var error = Assert.Throws<SecretFileException>(() => SecretFile.Read(path));

        Assert.Contains("accessible by others", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {path}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dlu_abc_secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ExistingFile_IsNeverReplaced()
    {
        var path = Path.Combine(Files.TempDirectory(), "token");
        SecretFile.Create(path, "first");

        Assert.ThrowsAny<IOException>(() => SecretFile.Create(path, "second"));
        Assert.Equal("first", SecretFile.Read(path));
    }

    [Fact]
    public void NewSecret_IsRandomWith256Bits()
    {
        var a = SecretFile.NewSecret("dlc_");
        var b = SecretFile.NewSecret("dlc_");

        Assert.NotEqual(a, b);
        Assert.Equal(4 + 43, a.Length); // 32 bytes in unpadded base64url
    }

    [Fact]
    public void ClusterSecret_ToString_HidesTheSecret()
    {
        var secret = new ClusterSecret("dlc_topsecret");

        Assert.DoesNotContain("topsecret", secret.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", $"{secret}", StringComparison.Ordinal);
    }
}
