using System.CommandLine;
using System.Runtime.InteropServices;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Ctrl-C while a person follows a job (`job submit --wait`, `job status --watch`). Stopping to watch must
/// not leave a job running unnoticed, nor kill one by a slip of the finger: the first Ctrl-C says how to kill
/// it and goes on waiting; a second one kills the job and exits 130, as a process ended by SIGINT does.
/// Before the job exists (still submitting), Ctrl-C cancels at once.
/// </summary>
public sealed class JobInterrupt : IDisposable
{
    /// <summary>Exit code of a command ended by Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int ExitCode = 130;

    private readonly CliConsole _console;
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _registration;
    private volatile string? _jobId;
    private int _presses;

    private JobInterrupt(CliConsole console, CancellationToken outer)
    {
        _console = console;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);
    }

    /// <summary>Cancelled when the wait must stop: a second Ctrl-C (see <see cref="KillRequested"/>), a Ctrl-C before the job exists, or the caller's token.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once a second Ctrl-C asked for the job to be killed.</summary>
    public bool KillRequested { get; private set; }

    /// <summary>What the first Ctrl-C said; null before it.</summary>
    public string? Notice { get; private set; }

    /// <summary>
    /// Set while a live panel owns the terminal: a line written under it would tear the redrawn panel, so the
    /// panel shows <see cref="Notice"/> itself.
    /// </summary>
    public bool ShownInPanel { get; set; }

    /// <summary>
    /// Takes over Ctrl-C for this command: System.CommandLine's own handling (cancel at once, then end the
    /// process) is turned off for it in <see cref="CliApp"/> (<see cref="Handles"/>).
    /// </summary>
    public static JobInterrupt Listen(CliConsole console, CancellationToken outer) => new(console, outer);

    /// <summary>The commands that follow a job, whose Ctrl-C this class handles instead of System.CommandLine.</summary>
    public static bool Handles(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        return command.Parents.OfType<Command>().Any(p => p.Name == "job")
            && (command.Name == "submit" && Given(parse, "--wait") || command.Name == "status" && Given(parse, "--watch"));
    }

    private static bool Given(ParseResult parse, string option) =>
        parse.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Any(o => o.Option.Name == option && !o.Implicit);

    /// <summary>The job now being followed: from here on Ctrl-C asks before killing it.</summary>
    public void Following(string jobId) => _jobId = jobId;

    private void OnInterrupt(PosixSignalContext context)
    {
        // Not the default action (end the process): this class decides.
        context.Cancel = true;
        var jobId = _jobId;
        if (jobId is null)
        {
            _stop.Cancel();
            return;
        }
        if (Interlocked.Increment(ref _presses) == 1)
        {
            Notice = $"Press Ctrl-C again to kill job {jobId}, or wait; to kill it later: datalocal job kill {jobId}";
            if (!ShownInPanel)
            {
                _console.Error.WriteLine(Notice);
            }
            return;
        }
        KillRequested = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        _registration.Dispose();
        _stop.Dispose();
    }
}
