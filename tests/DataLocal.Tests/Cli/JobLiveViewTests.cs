using DataLocal.Cli;
using DataLocal.Cli.Output;
using DataLocal.Client.Jobs;
using DataLocal.Tests.Jobs;
using Spectre.Console;

namespace DataLocal.Tests.Cli;

/// <summary>`job submit --wait` shows a live panel on a terminal, and plain lines anywhere else.</summary>
[Collection(JobClusterDefinition.Name)]
public sealed class JobLiveViewTests(JobClusterFixture fixture)
{
    private const string Query = "SELECT count(*), sum(l_quantity) FROM /jobs/lineitem.parquet";

    [Fact]
    public void Render_ShowsTasksByStateAndLocalityLevel()
    {
        var job = new JobInfo("job_7", Query, "running", TasksTotal: 6, TasksSucceeded: 3, TasksRunning: 1, BlocksTotal: 6, BlocksSkipped: 0,
            TasksNodeLocal: 2, TasksRackLocal: 1, TasksAny: 0, BytesReadLocal: 2048, BytesReadRemote: 0, Error: null,
            Submitted: DateTimeOffset.UtcNow, Finished: null, Columns: [], Rows: [], OutputPath: null);
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        console.Write(JobLiveView.Render("job_7", job, TimeSpan.FromSeconds(1.5)));

        var shown = text.ToString();
        Assert.Contains("job_7 running  1.5 s", shown, StringComparison.Ordinal);
        Assert.Contains("3 done, 1 running, 2 pending of 6", shown, StringComparison.Ordinal);
        Assert.Contains("NODE_LOCAL 2  RACK_LOCAL 1  ANY 0", shown, StringComparison.Ordinal);
        Assert.Contains("2 KB local", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AfterTheFirstCtrlC_ShowsWhatItSaidUnderThePanel()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        const string notice = "Press Ctrl-C again to kill job job_7, or wait; to kill it later: datalocal job kill job_7";

        console.Write(JobLiveView.Render("job_7", null, TimeSpan.FromSeconds(1), notice));
        var before = text.ToString();
        console.Write(JobLiveView.Render("job_7", null, TimeSpan.FromSeconds(1)));

        Assert.EndsWith(notice, before.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ctrl-C", text.ToString()[before.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitWait_OnATerminal_DrawsTheLivePanelToItsEnd_ResultStillOnStandardOutput()
    {
        var (code, output, error) = await SubmitWaitAsync(errorIsTerminal: true);

        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("\u001b[", error, StringComparison.Ordinal);
        Assert.Contains("succeeded", error, StringComparison.Ordinal);
        Assert.Contains("NODE_LOCAL", error, StringComparison.Ordinal);
        Assert.Contains("10000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitWait_NotATerminal_PlainProgressLinesWithoutEscapeCodes()
    {
        var (code, output, error) = await SubmitWaitAsync(errorIsTerminal: false);

        Assert.Equal(CliApp.Ok, code);
        Assert.DoesNotContain("\u001b[", error, StringComparison.Ordinal);
        Assert.Contains("succeeded: ", error, StringComparison.Ordinal);
        Assert.Contains("10000", output, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> SubmitWaitAsync(bool errorIsTerminal)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["job", "submit", "--wait", .. fixture.Cluster.CliConnection, Query], new CliConsole(output, error, errorIsTerminal: errorIsTerminal));
        return (code, output.ToString(), error.ToString());
    }
}
