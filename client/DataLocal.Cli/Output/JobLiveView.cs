using System.Diagnostics;
using System.Globalization;
using DataLocal.Client.Jobs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DataLocal.Cli.Output;

/// <summary>
/// `job submit --wait` and `job status --watch` on a terminal: one panel redrawn in place, with the
/// tasks by state and by Locality Level and the time since the job was submitted. Redrawn when the
/// namenode says a task changed, and four times a second for the clock.
/// </summary>
public static class JobLiveView
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromMilliseconds(250);

    /// <param name="notice">A line to show under the panel while it is drawn (what Ctrl-C said), or null for none.</param>
    public static async Task<JobInfo> FollowAsync(TextWriter terminal, JobClient jobs, string jobId, CancellationToken cancellationToken, Func<string?>? notice = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal),
            Interactive = InteractionSupport.Yes,
        });
        JobInfo? latest = null;
        JobInfo? final = null;
        var clock = Stopwatch.StartNew();
        await console.Live(Render(jobId, null, TimeSpan.Zero)).StartAsync(async live =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var redraw = RedrawAsync(live, () => Render(jobId, Volatile.Read(ref latest), Elapsed(Volatile.Read(ref latest), clock.Elapsed), notice?.Invoke()), stop.Token);
            try
            {
                final = await jobs.WaitAsync(jobId, job => Volatile.Write(ref latest, job), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await redraw.ConfigureAwait(false);
            }
            live.UpdateTarget(Render(jobId, final, final.Duration));
        }).ConfigureAwait(false);
        return final!;
    }

    /// <summary>The panel for a job as last seen (null before the first answer), <paramref name="elapsed"/> after it was submitted.</summary>
    public static IRenderable Render(string jobId, JobInfo? job, TimeSpan elapsed, string? notice = null)
    {
        var state = job?.State ?? "submitted";
        var colour = state switch { "succeeded" => "green", "running" => "blue", "submitted" => "grey", _ => "red" };
        var total = job?.TasksTotal ?? 0;
        var done = job?.TasksSucceeded ?? 0;
        var running = job?.TasksRunning ?? 0;
        var table = new Table().Border(TableBorder.Rounded).HideHeaders()
            .AddColumn(string.Empty).AddColumn(string.Empty);
        table.AddRow(new Markup("[bold]tasks[/]"), new Markup(Bar(done, running, total) + Text($"  {done} done, {running} running, {Math.Max(0, total - done - running)} pending of {total}")));
        table.AddRow(new Markup("[bold]locality[/]"), new Markup(Text(
            $"[green]NODE_LOCAL {job?.TasksNodeLocal ?? 0}[/]  [yellow]RACK_LOCAL {job?.TasksRackLocal ?? 0}[/]  [red]ANY {job?.TasksAny ?? 0}[/]")));
        table.AddRow(new Markup("[bold]read[/]"), new Markup(Markup.Escape(Text($"{JobReport.Bytes(job?.BytesReadLocal ?? 0)} local, {JobReport.Bytes(job?.BytesReadRemote ?? 0)} remote"))));
        var title = new Markup(Text($"[bold]{Markup.Escape(jobId)}[/] [{colour}]{state}[/]  {elapsed.TotalSeconds:0.0} s"));
        return notice is null ? new Rows(title, table) : new Rows(title, table, new Markup("[yellow]" + Markup.Escape(notice) + "[/]"));
    }

    private static TimeSpan Elapsed(JobInfo? job, TimeSpan sinceStart) =>
        job is null ? sinceStart : (job.Finished ?? DateTimeOffset.UtcNow) - job.Submitted;

    private static async Task RedrawAsync(LiveDisplayContext live, Func<IRenderable> render, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ClockTick);
        try
        {
            do
            {
                live.UpdateTarget(render());
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The job ended (or the user pressed Ctrl-C): the caller draws the last frame.
        }
    }

    private static string Bar(int done, int running, int total, int width = 30)
    {
        if (total == 0)
        {
            return "[grey]" + new string('-', width) + "[/]";
        }
        var doneCells = done * width / total;
        var runningCells = Math.Min(width - doneCells, (running * width + total - 1) / total);
        return $"[green]{new string('█', doneCells)}[/][blue]{new string('▒', runningCells)}[/][grey]{new string('░', width - doneCells - runningCells)}[/]";
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
