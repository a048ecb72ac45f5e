using System.Reflection;
using System.Text.Json;
using DataLocal.Cli;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.WebHdfs;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// The CLI as a user installs it: `dotnet pack`, `dotnet tool install` from that package alone (no
/// other package source, an empty package cache: the machines are offline), then the installed
/// `datalocal` run from directories other than the cluster's, finding it through a settings file.
/// </summary>
public sealed class ToolInstallEndToEndTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(50);

    [Fact]
    public async Task PackedTool_InstallsFromItsOwnPackage_AndFindsTheClusterThroughTheSettingsFile()
    {
        var work = Files.TempDirectory();
        var tool = await InstallAsync(work);

        var version = await RunAsync(tool, work, null, "--version");
        Assert.True(version.Code == 0, version.Error);
        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, version.Output.Trim());

        var clusterDir = Directory.CreateDirectory(Path.Combine(work, "cluster")).FullName;
        var start = await RunAsync(tool, clusterDir, null, "cluster", "start", "--datanodes", "2");
        Assert.True(start.Code == 0, start.Error);
        try
        {
            // Relative paths in the file are taken from the file's directory, wherever commands run.
            var conf = Directory.CreateDirectory(Path.Combine(work, "conf")).FullName;
            var settings = Path.Combine(conf, "settings.json");
            File.WriteAllText(settings, JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["namenode"] = ReadNameNode(clusterDir),
                ["token-file"] = "../cluster/.datalocal/token",
            }));
            var elsewhere = Directory.CreateDirectory(Path.Combine(work, "elsewhere")).FullName;
            var environment = new Dictionary<string, string> { ["DATALOCAL_CONF"] = settings };

            var mkdir = await RunAsync(tool, elsewhere, environment, "fs", "mkdir", "/from-elsewhere");
            Assert.True(mkdir.Code == 0, mkdir.Error);
            var ls = await RunAsync(tool, elsewhere, environment, "fs", "ls", "/");
            Assert.True(ls.Code == 0, ls.Error);
            Assert.Contains("/from-elsewhere", ls.Output, StringComparison.Ordinal);

            // A flag overrides the file: this namenode address has nobody behind it.
            var overridden = await RunAsync(tool, elsewhere, environment, "fs", "ls", "/", "--namenode", "http://127.0.0.1:1");
            Assert.Equal(1, overridden.Code);
            Assert.Contains("cannot reach the namenode at http://127.0.0.1:1", overridden.Error, StringComparison.Ordinal);

            // In the cluster's own directory its ./.datalocal comes first: a settings file naming another namenode is not used.
            var other = Path.Combine(conf, "other.json");
            File.WriteAllText(other, """{ "namenode": "http://127.0.0.1:1" }""");
            var local = await RunAsync(tool, clusterDir, new Dictionary<string, string> { ["DATALOCAL_CONF"] = other }, "fs", "ls", "/");
            Assert.True(local.Code == 0, local.Error);
            Assert.Contains("/from-elsewhere", local.Output, StringComparison.Ordinal);

            // Without the file, nothing in that directory says where the cluster is.
            var lost = await RunAsync(tool, elsewhere, new Dictionary<string, string> { ["DATALOCAL_CONF"] = Path.Combine(conf, "missing.json") }, "fs", "ls", "/");
            Assert.Equal(1, lost.Code);
            Assert.Contains("missing.json: no such settings file", lost.Error, StringComparison.Ordinal);
        }
        finally
        {
            var stop = await RunAsync(tool, clusterDir, null, "cluster", "stop");
            Assert.True(stop.Code == 0, stop.Error);
        }
    }

    // Packs the CLI as the tests' own build left it (same configuration, no rebuild) and installs it
    // from that one package; returns the installed `datalocal` shim.
    private static async Task<string> InstallAsync(string work)
    {
        var repository = Directory.GetParent(TestData.Root)!.FullName;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var packages = Path.Combine(work, "packages");
        var pack = await ExternalTool.RunAsync("dotnet",
            ["pack", Path.Combine(repository, "client", "DataLocal.Cli"), "--no-build", "-c", configuration, "-o", packages], work, timeout: Limit);
        Assert.True(pack.Code == 0, pack.Output + pack.Error);

        var config = Path.Combine(work, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(work, "tools");
        // A fresh package cache: an older DataLocal.Cli of the same version cached by an earlier run must not stand in for this one.
        var install = await ExternalTool.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "DataLocal.Cli"], work,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-cache") }, Limit);
        Assert.True(install.Code == 0, install.Output + install.Error);
        return Path.Combine(tools, "datalocal");
    }

    private static Task<(int Code, string Output, string Error)> RunAsync(
        string tool, string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        ExternalTool.RunAsync(tool, arguments, directory, environment, Limit);

    private static string ReadNameNode(string clusterDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(clusterDir, ".datalocal", "cluster.json")));
        return json.RootElement.GetProperty("NameNode").GetString()!;
    }
}
