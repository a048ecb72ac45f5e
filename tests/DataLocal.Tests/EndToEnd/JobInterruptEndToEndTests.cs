using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataLocal.Tests.Jobs;
using DataLocal.Testing;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// Ctrl-C (SIGINT sent to the real `datalocal` process) while it follows a job that cannot finish (its
/// cluster runs no task): the first asks and keeps waiting, the job still running; the second kills the job and exits 130.
/// </summary>
public sealed class JobInterruptEndToEndTests
{
    private const string Sql = "SELECT count(*), sum(a) FROM /s.parquet";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("submit")]
    [InlineData("status")]
    public async Task CtrlC_WhileFollowingAJob_FirstAsksAndWaitsSecondKillsTheJobAndExits130(string command)
    {
        await using var cluster = await JobAdmissionTests.StartWithoutSlotsAsync();
        using var client = cluster.CreateClient();
        string[] arguments = command == "submit"
            ? ["job", "submit", "--wait", Sql, .. cluster.CliConnection]
            : ["job", "status", "--watch", await client.Jobs.SubmitAsync(Sql), .. cluster.CliConnection];
        using var cli = FollowingProcess.Start(arguments);
        // The CLI listens for Ctrl-C before it submits, and prints the job's progress once it follows it.
        await Eventually.TrueAsync(() => cli.Error.Contains("running: 0/1 tasks done", StringComparison.Ordinal), "the CLI following the job", Timeout);
        var jobId = Assert.Single(await client.Jobs.ListAsync()).JobId;

        cli.Interrupt();
        await Eventually.TrueAsync(() => cli.Error.Contains("Press Ctrl-C again", StringComparison.Ordinal), "the first Ctrl-C answered", Timeout);

        Assert.Contains($"Press Ctrl-C again to kill job {jobId}, or wait; to kill it later: datalocal job kill {jobId}", cli.Error, StringComparison.Ordinal);
        Assert.False(cli.HasExited);
        Assert.Equal("running", (await client.Jobs.GetAsync(jobId)).State);

        cli.Interrupt();
        var exitCode = await cli.WaitForExitAsync(Timeout);

        Assert.Equal(130, exitCode);
        Assert.Equal("killed", (await client.Jobs.GetAsync(jobId)).State);
        Assert.Contains($"datalocal: job {jobId} killed", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlC_OnceThenTheJobEnds_TheCliReportsItAndExitsByItsState()
    {
        await using var cluster = await JobAdmissionTests.StartWithoutSlotsAsync();
        using var client = cluster.CreateClient();
        using var cli = FollowingProcess.Start(["job", "submit", "--wait", Sql, .. cluster.CliConnection]);
        await Eventually.TrueAsync(() => cli.Error.Contains("running: 0/1 tasks done", StringComparison.Ordinal), "the CLI following the job", Timeout);
        var jobId = Assert.Single(await client.Jobs.ListAsync()).JobId;
        cli.Interrupt();
        await Eventually.TrueAsync(() => cli.Error.Contains("Press Ctrl-C again", StringComparison.Ordinal), "the first Ctrl-C answered", Timeout);

        await client.Jobs.KillAsync(jobId);
        var exitCode = await cli.WaitForExitAsync(Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Job {jobId} killed", cli.Output, StringComparison.Ordinal);
    }

    /// <summary>The real `datalocal` executable, its output collected as it comes, for a test that signals it meanwhile.</summary>
    private sealed class FollowingProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _error = new();

        private FollowingProcess(Process process) => _process = process;

        public static FollowingProcess Start(string[] arguments)
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(DataLocalProcess.Assembly);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            info.Environment.Remove("DATALOCAL_NAMENODE");
            var process = Process.Start(info)!;
            var started = new FollowingProcess(process);
            process.OutputDataReceived += (_, e) => Append(started._output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(started._error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return started;
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        public bool HasExited => _process.HasExited;

        /// <summary>SIGINT, what Ctrl-C at a terminal sends.</summary>
        public void Interrupt()
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            kill.WaitForExit(TimeSpan.FromSeconds(10));
        }

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cancel.Token);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
            _process.Dispose();
        }

        private static void Append(StringBuilder buffer, string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (buffer)
            {
                buffer.Append(line).Append('\n');
            }
        }
    }
}
