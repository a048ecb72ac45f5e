using DataLocal.Cli;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.WebHdfs;

namespace DataLocal.Tests.Cli;

/// <summary>The systemd unit examples in deploy/systemd: their command lines are ones `datalocal` accepts, and systemd accepts the units.</summary>
public sealed class SystemdUnitTests
{
    private static readonly string Units = Path.Combine(Directory.GetParent(TestData.Root)!.FullName, "deploy", "systemd");

    public static TheoryData<string> UnitFiles() => ["datalocal-namenode.service", "datalocal-datanode.service"];

    [Theory]
    [MemberData(nameof(UnitFiles))]
    public void ExecStart_IsACommandLineTheCliAccepts(string unit)
    {
        var (program, arguments) = ExecStart(unit);

        var parse = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)).Parse(arguments);

        Assert.Equal("/opt/datalocal/datalocal", program);
        Assert.Equal(unit.Replace("datalocal-", "", StringComparison.Ordinal).Replace(".service", "", StringComparison.Ordinal), arguments[0]);
        Assert.Empty(CliApp.UsageErrors(parse));
        Assert.Empty(parse.Errors);
    }

    [SkippableTheory]
    [MemberData(nameof(UnitFiles))]
    public async Task SystemdAnalyzeVerify_FindsNothingWrong(string unit)
    {
        Skip.IfNot(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is not installed");
        // verify checks that ExecStart's program exists: a copy names this test's dotnet host instead of /opt/datalocal.
        var copy = Path.Combine(Files.TempDirectory(), unit);
        await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(Path.Combine(Units, unit))).Replace("/opt/datalocal/datalocal", Environment.ProcessPath, StringComparison.Ordinal));

        var verify = await ExternalTool.RunAsync("/usr/bin/systemd-analyze", ["verify", copy], Path.GetDirectoryName(copy)!, timeout: TimeSpan.FromSeconds(30));

        Assert.True(verify.Code == 0 && verify.Error.Trim().Length == 0, verify.Output + verify.Error);
    }

    // The unit's one ExecStart= line, its %d (credentials directory) specifier filled in, split as systemd splits an unquoted line.
    private static (string Program, string[] Arguments) ExecStart(string unit)
    {
        var line = Assert.Single(File.ReadAllLines(Path.Combine(Units, unit)), l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        var words = line["ExecStart=".Length..].Replace("%d", "/run/credentials/" + unit, StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (words[0], words[1..]);
    }
}
