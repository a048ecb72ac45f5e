using DataLocal.Cli.Commands;
using DataLocal.Client;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Cli;

/// <summary>The settings file's keys, its paths, and the one-line errors a broken one gets.</summary>
public sealed class SettingsFileTests
{
    [Fact]
    public void Load_RelativePathsAreTakenFromTheFilesDirectory()
    {
        var dir = Files.TempDirectory();
        var path = Path.Combine(dir, "settings.json");
        File.WriteAllText(path, """{ "namenode": "http://nn:8020", "token-file": "keys/token", "tls-ca": "/etc/datalocal/ca.pem" }""");

        var settings = SettingsFile.Load(path);

        Assert.Equal("http://nn:8020", settings.NameNode);
        Assert.Equal(Path.Combine(dir, "keys", "token"), settings.TokenFile);
        Assert.Equal("/etc/datalocal/ca.pem", settings.TlsCa);
    }

    [Fact]
    public void Load_HomeRelativePath_IsExpanded()
    {
        var path = Path.Combine(Files.TempDirectory(), "settings.json");
        File.WriteAllText(path, """{ "token-file": "~/.datalocal/token" }""");

        var settings = SettingsFile.Load(path);

        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".datalocal", "token"), settings.TokenFile);
        Assert.Null(settings.NameNode);
    }

    [Theory]
    [InlineData("""{ "name-node": "x" }""", "unknown key \"name-node\"; the keys are namenode, token-file, tls-ca")]
    [InlineData("""{ "namenode": 8020 }""", "\"namenode\" must be a non-empty string")]
    [InlineData("""["namenode"]""", "a settings file is one JSON object")]
    [InlineData("""{ "namenode": """, "not valid JSON")]
    public void Load_BrokenFile_OneLineSayingWhatIsWrong(string content, string expected)
    {
        var path = Path.Combine(Files.TempDirectory(), "settings.json");
        File.WriteAllText(path, content);

        var error = Assert.ThrowsAny<DataLocalException>(() => SettingsFile.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
