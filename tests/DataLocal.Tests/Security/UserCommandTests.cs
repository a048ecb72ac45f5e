using DataLocal.Cli;
using DataLocal.Common.Security;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Security;

/// <summary>`datalocal admin user …` and how the CLI finds a token.</summary>
public sealed class UserCommandTests(OneNodeClusterFixture fixture) : IClassFixture<OneNodeClusterFixture>
{
    [Fact]
    public async Task UserAdd_PrintsTokenOnce_ThatWorksForFilesButNotForAdminCommands()
    {
        var name = "gina-" + Guid.NewGuid().ToString("N")[..6];
        var add = await CliRun.RunAsync(fixture.Cluster, "admin", "user", "add", name);
        Assert.True(add.Code == 0, add.Error);
        var token = add.Output.Trim();
        var tokenFile = Path.Combine(Files.TempDirectory(), "token");
        SecretFile.Create(tokenFile, token);

        var ls = await RunAsUser(tokenFile, "fs", "ls", "/");
        var list = await RunAsUser(tokenFile, "admin", "user", "list");
        var adminList = await CliRun.RunAsync(fixture.Cluster, "admin", "user", "list");

        Assert.StartsWith("dlu_", token, StringComparison.Ordinal);
        Assert.Contains("shown only now", add.Error, StringComparison.Ordinal);
        Assert.Equal(0, ls.Code);
        Assert.Equal(1, list.Code);
        Assert.Equal($"datalocal: permission denied: /datalocal.client.Admin/ListUsers needs an admin, and user {name} is not one", list.Error.Trim());
        Assert.Contains(name, adminList.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, adminList.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserRemove_TokenStopsWorking()
    {
        var name = "hank-" + Guid.NewGuid().ToString("N")[..6];
        var tokenFile = Path.Combine(Files.TempDirectory(), "token");
        SecretFile.Create(tokenFile, (await CliRun.RunAsync(fixture.Cluster, "admin", "user", "add", name)).Output.Trim());

        var remove = await CliRun.RunAsync(fixture.Cluster, "admin", "user", "remove", name);
        var ls = await RunAsUser(tokenFile, "fs", "ls", "/");

        Assert.Equal(0, remove.Code);
        Assert.Equal(1, ls.Code);
        Assert.Contains("authentication failed", ls.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TokenFile_ReadableByOthers_IsRefusedBeforeAnyCall()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX permissions");
        var tokenFile = Path.Combine(Files.TempDirectory(), "token");
        SecretFile.Create(tokenFile, fixture.Cluster.AdminToken);
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ls = await RunAsUser(tokenFile, "fs", "ls", "/");

        Assert.Equal(1, ls.Code);
        Assert.Contains($"chmod 600 {tokenFile}", ls.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Cluster.AdminToken, ls.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsUser(string tokenFile, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--namenode", fixture.Cluster.NameNodeAddress, "--token-file", tokenFile], new CliConsole(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
