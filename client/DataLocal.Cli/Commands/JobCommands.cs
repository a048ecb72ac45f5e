using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;
using DataLocal.Client.Jobs;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal job …`: SQL jobs that run where the data is.</summary>
public static class JobCommands
{
    public static Command Build(CliConsole console)
    {
        var job = new Command("job", "Run SQL over stored Parquet, on the nodes that hold it");
        job.Subcommands.Add(Submit(console));
        job.Subcommands.Add(Status(console));
        job.Subcommands.Add(Tasks(console));
        job.Subcommands.Add(List(console));
        job.Subcommands.Add(Kill(console));
        return job;
    }

    private static Command Submit(CliConsole console)
    {
        var sql = new JobSqlSource();
        var format = ResultFormatOption.Create();
        var wait = new Option<bool>("--wait") { Description = "Follow the job and print its result and locality report" };
        var localityWait = new Option<string?>("--locality-wait") { Description = "How long a task waits for a node holding its block (default 3s; 0 = no wait)" };
        var locality = new Option<string>("--locality") { Description = "on: prefer nodes holding each block; off: ignore where blocks are", DefaultValueFactory = _ => "on" };
        locality.AcceptOnlyFromAmong("on", "off");
        var attempts = new Option<int>("--max-attempts") { Description = "Attempts per task before the job fails (default 4)" };
        var output = new Option<string?>("--output") { Description = "Write the selected rows as Parquet part files under this new directory, each first stored on the node that computed it" };
        var timeout = new Option<string?>("--timeout") { Description = "Fail the job if it runs longer than this, e.g. 30s, 10m, 2h (default: the namenode's --job-timeout, 1h)" };
        var command = new Command("submit", "Submit a SQL job") { wait, format, localityWait, locality, attempts, output, timeout };
        sql.AddTo(command);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var query = await sql.ReadAsync(parse, console, ct).ConfigureAwait(false);
            if (parse.GetValue(format) is { } asked && !parse.GetValue(wait))
            {
                throw new UsageException($"--format {asked} prints the result, which only --wait waits for: add --wait, or later run datalocal job status JOB --format {asked}");
            }
            using var client = NameNodeResolver.Connect(parse);
            // Listening before the submit: no Ctrl-C between the job's start and the wait goes unanswered.
            using var interrupt = parse.GetValue(wait) ? JobInterrupt.Listen(console, ct) : null;
            var options = new JobOptions(
                parse.GetValue(localityWait) is { } text ? DurationText.Parse(text) : null,
                parse.GetValue(locality) == "off",
                parse.GetValue(attempts),
                parse.GetValue(output),
                parse.GetValue(timeout) is { } limit
                    ? DurationText.Parse(limit) is { TotalMilliseconds: >= 1 } positive ? positive : throw new UsageException("--timeout must be more than 0, e.g. 30s or 10m")
                    : null);
            var jobId = await client.Jobs.SubmitAsync(query, options, interrupt?.Token ?? ct).ConfigureAwait(false);
            var json = parse.GetValue(GlobalOptions.Json);
            if (!parse.GetValue(wait))
            {
                if (json)
                {
                    JsonOutput.Write(console.Out, new { jobId });
                }
                else
                {
                    console.Out.WriteLine(jobId);
                }
                return CliApp.Ok;
            }
            interrupt!.Following(jobId);
            return await FollowAsync(console, client.Jobs, jobId, json, ResultFormatOption.Parse(parse.GetValue(format)), interrupt, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Status(CliConsole console)
    {
        var id = new Argument<string>("JOB") { Description = "Job id" };
        var watch = new Option<bool>("--watch") { Description = "Follow the job until it ends" };
        var format = ResultFormatOption.Create();
        var command = new Command("status", "Show a job's progress, locality and result") { id, watch, format };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var json = parse.GetValue(GlobalOptions.Json);
            var resultFormat = ResultFormatOption.Parse(parse.GetValue(format));
            if (parse.GetValue(watch))
            {
                using var interrupt = JobInterrupt.Listen(console, ct);
                interrupt.Following(parse.GetValue(id)!);
                return await FollowAsync(console, client.Jobs, parse.GetValue(id)!, json, resultFormat, interrupt, ct).ConfigureAwait(false);
            }
            var job = await client.Jobs.GetAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            if (json && resultFormat is null)
            {
                JsonOutput.Write(console.Out, JsonOutput.Job(job));
                return CliApp.Ok;
            }
            if (resultFormat is null or ResultFormat.Table)
            {
                JobReport.WriteSummary(console.Out, job);
                JobReport.WriteResult(console.Out, job);
                return CliApp.Ok;
            }
            JobReport.WriteSummary(console.Error, job);
            WriteRowsFor(console, job, resultFormat.Value);
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Tasks(CliConsole console)
    {
        var id = new Argument<string>("JOB") { Description = "Job id" };
        var command = new Command("tasks", "Show every task attempt: node, Locality Level, bytes read locally and remotely, rows, time") { id };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var attempts = await client.Jobs.GetTasksAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, attempts);
                return CliApp.Ok;
            }
            TableWriter.Write(console.Out,
                ["Task", "Attempt", "Block", "Node", "Locality Level", "Local Bytes", "Remote Bytes", "Rows In", "Rows Out", "Duration", "Status", "Error"],
                [.. attempts.Select(a => new[]
                {
                    Invariant($"{a.TaskIndex}"), a.Speculative ? Invariant($"{a.Attempt} (speculative)") : Invariant($"{a.Attempt}"), Invariant($"{a.BlockId}"), a.NodeAddress, a.Locality,
                    Invariant($"{a.BytesLocal}"), Invariant($"{a.BytesRemote}"), Invariant($"{a.RowsIn}"), Invariant($"{a.RowsOut}"),
                    Invariant($"{a.Duration.TotalMilliseconds:0} ms"), a.Outcome.ToUpperInvariant(), a.Error ?? string.Empty,
                })]);
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List jobs, newest first");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var jobs = await client.Jobs.ListAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, jobs);
                return CliApp.Ok;
            }
            TableWriter.Write(console.Out, ["Job", "User", "State", "Duration", "Tasks", "Local", "Submitted", "SQL"],
                [.. jobs.Select(j => new[]
                {
                    j.JobId, j.User, j.State, Invariant($"{j.Duration.TotalSeconds:0.0} s"), Invariant($"{j.TasksSucceeded}/{j.TasksTotal}"),
                    Invariant($"{j.NodeLocalShare:P0}"), j.Submitted.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Abbreviated(j.Sql),
                })]);
            return CliApp.Ok;
        }));
        return command;
    }

    private static Command Kill(CliConsole console)
    {
        var id = new Argument<string>("JOB") { Description = "Job id" };
        var command = new Command("kill", "Stop a running job") { id };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var job = await client.Jobs.KillAsync(parse.GetValue(id)!, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, job);
            }
            else
            {
                console.Out.WriteLine($"{job.JobId}: {job.State}");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    /// <param name="format">How to print the result; null = not asked: the table, or the whole job with --json.</param>
    private static async Task<int> FollowAsync(CliConsole console, JobClient jobs, string jobId, bool json, ResultFormat? format, JobInterrupt interrupt, CancellationToken ct)
    {
        var quiet = json || format is ResultFormat.Json;
        JobInfo job;
        try
        {
            // A live panel only for a person at a terminal; a pipe, a file or JSON gets plain lines or nothing.
            interrupt.ShownInPanel = !quiet && console.ErrorIsTerminal;
            job = interrupt.ShownInPanel
                ? await JobLiveView.FollowAsync(console.Error, jobs, jobId, interrupt.Token, () => interrupt.Notice).ConfigureAwait(false)
                : await FollowPlainAsync(console, jobs, jobId, quiet, interrupt.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (interrupt.KillRequested && ex is OperationCanceledException or DataLocal.Client.DataLocalException)
        {
            var killed = await jobs.KillAsync(jobId, ct).ConfigureAwait(false);
            console.Error.WriteLine($"datalocal: job {jobId} {killed.State}");
            return JobInterrupt.ExitCode;
        }
        if (json && format is null)
        {
            JsonOutput.Write(console.Out, new { job = JsonOutput.Job(job), tasks = await jobs.GetTasksAsync(jobId, ct).ConfigureAwait(false) });
        }
        else if (format is null or ResultFormat.Table)
        {
            JobReport.WriteResult(console.Out, job);
            JobReport.WriteSummary(console.Out, job);
        }
        else
        {
            // Only the rows on stdout, so `> result.csv` or `| jq` gets data alone; the report goes beside the progress.
            WriteRowsFor(console, job, format.Value);
            JobReport.WriteSummary(console.Error, job);
        }
        return job.State == "succeeded" ? CliApp.Ok : CliApp.Error;
    }

    /// <summary>A succeeded job's rows in a program's format; a job that did not succeed has none to print (its error is in the report).</summary>
    private static void WriteRowsFor(CliConsole console, JobInfo job, ResultFormat format)
    {
        if (job.State == "succeeded")
        {
            JobReport.WriteResult(console.Out, job, format);
        }
    }

    private static async Task<JobInfo> FollowPlainAsync(CliConsole console, JobClient jobs, string jobId, bool json, CancellationToken ct)
    {
        string? last = null;
        return await jobs.WaitAsync(jobId, j =>
        {
            var line = JobReport.Progress(j);
            if (!json && line != last)
            {
                console.Error.WriteLine(line);
                last = line;
            }
        }, cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>SQL on one table line: a query from a file (-f) spans lines, and its line breaks would break the table's.</summary>
    private static string Abbreviated(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(part => part.Trim()).Where(part => part.Length > 0));
        return line.Length > 60 ? line[..57] + "..." : line;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
