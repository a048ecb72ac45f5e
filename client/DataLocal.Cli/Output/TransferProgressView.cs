using Spectre.Console;

namespace DataLocal.Cli.Output;

/// <summary>
/// `fs put` and `fs get` on a terminal: a progress bar with bytes moved, rate and time remaining,
/// redrawn in place. Elsewhere (a pipe, a file, --json) commands run without it.
/// </summary>
public static class TransferProgressView
{
    public static async Task<T> RunAsync<T>(TextWriter terminal, string name, long totalBytes, Func<IProgress<long>, Task<T>> transfer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal), Interactive = InteractionSupport.Yes });
        var result = default(T)!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(name), maxValue: Math.Max(1, totalBytes));
                result = await transfer(new Reporter(bytes => task.Value = bytes)).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    // Reported on the transfer's own thread: System.Progress would post each report to the thread pool.
    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
