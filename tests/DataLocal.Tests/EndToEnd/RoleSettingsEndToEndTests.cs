using DataLocal.Common.Hosting;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// Where the real `datalocal namenode` takes its settings from: a flag the user gave beats a
/// DATALOCAL_ environment variable, which beats the settings file, which beats the default. Seen
/// through the HTTP port: the default (9870) is never used here, each layer turns it off (-1) or on (0).
/// </summary>
public sealed class RoleSettingsEndToEndTests
{
    private readonly string _root = Files.TempDirectory();

    [Fact]
    public async Task Namenode_SettingsFileOnly_FileBeatsTheDefault()
    {
        var endpoint = await StartNameNodeAsync(new Dictionary<string, string>(), """{ "NameNode": { "HttpPort": -1 } }""");

        Assert.Null(endpoint.HttpAddress);
    }

    [Fact]
    public async Task Namenode_EnvironmentAndSettingsFile_EnvironmentBeatsTheFile()
    {
        var endpoint = await StartNameNodeAsync(new Dictionary<string, string> { ["DATALOCAL_NameNode__HttpPort"] = "0" }, """{ "NameNode": { "HttpPort": -1 } }""");

        Assert.NotNull(endpoint.HttpAddress);
    }

    [Fact]
    public async Task Namenode_FlagEnvironmentAndSettingsFile_FlagBeatsTheEnvironment()
    {
        var endpoint = await StartNameNodeAsync(
            new Dictionary<string, string> { ["DATALOCAL_NameNode__HttpPort"] = "-1" }, """{ "NameNode": { "HttpPort": -1 } }""", "--http-port", "0");

        Assert.NotNull(endpoint.HttpAddress);
    }

    [Fact]
    public async Task Namenode_InvalidValueInSettingsFile_ExitsWithOneLineNamingTheSetting()
    {
        var settings = Path.Combine(_root, "settings.json");
        await File.WriteAllTextAsync(settings, """{ "NameNode": { "MaxRunningJobs": 0 } }""");

        var (exitCode, _, error) = await DataLocalProcess.RunAsync(_root, "namenode", "--dir", Path.Combine(_root, "nn"), "--port", "0", "--http-port", "0", "--config", settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("NameNode:MaxRunningJobs", error, StringComparison.Ordinal);
        Assert.Contains("--max-running-jobs", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Namenode_FlagFixesAnInvalidValueInTheEnvironment_Starts()
    {
        var endpoint = await StartNameNodeAsync(new Dictionary<string, string> { ["DATALOCAL_NameNode__MaxRunningJobs"] = "0" }, "{}", "--max-running-jobs", "2", "--http-port", "0");

        Assert.NotNull(endpoint.HttpAddress);
    }

    [Fact]
    public async Task Namenode_LogFile_EveryLineTimestampedConsoleOutputApart()
    {
        await StartNameNodeAsync(new Dictionary<string, string>(), "{}", "--http-port", "0");

        var lines = await File.ReadAllLinesAsync(Path.Combine(_root, "namenode.log"));
        Assert.Contains(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(Cli.RoleLoggingTests.LogLine(), l));
        Assert.True(File.Exists(Path.Combine(_root, "namenode.out")), "the console output has its own file");
    }

    private async Task<EndpointFile> StartNameNodeAsync(IReadOnlyDictionary<string, string> environment, string settingsJson, params string[] flags)
    {
        var settings = Path.Combine(_root, "settings.json");
        await File.WriteAllTextAsync(settings, settingsJson);
        var directory = Path.Combine(_root, "nn");
        using var process = RoleProcess.Start(environment, Path.Combine(_root, "namenode.log"), ["namenode", "--dir", directory, "--port", "0", "--config", settings, .. flags]);
        EndpointFile? endpoint = null;
        await Eventually.TrueAsync(() => process.HasExited || (endpoint = EndpointFile.TryRead(directory)) is not null, "the namenode started");
        var log = Path.Combine(_root, "namenode.log");
        return endpoint ?? throw new InvalidOperationException($"the namenode exited: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "no log")}");
    }
}
