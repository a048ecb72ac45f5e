using System.Globalization;
using DataLocal.Cli.Commands;
using DataLocal.Client.Jobs;

namespace DataLocal.Cli.Output;

/// <summary>Prints a job's result table and its locality report, the lines that show where the work ran.</summary>
public static class JobReport
{
    public static void WriteResult(TextWriter output, JobInfo job, ResultFormat format = ResultFormat.Table)
    {
        switch (format)
        {
            case ResultFormat.Csv:
                DelimitedResultWriter.WriteCsv(output, job.Columns, job.Rows);
                return;
            case ResultFormat.Tsv:
                DelimitedResultWriter.WriteTsv(output, job.Columns, job.Rows);
                return;
            case ResultFormat.Json:
                JsonResultWriter.Write(output, job.Columns, job.ColumnTypes, job.Rows);
                return;
            default:
                break;
        }
        if (job.Columns.Count == 0)
        {
            return;
        }
        TableWriter.Write(output, job.Columns, [.. job.Rows.Select(r => r.Select(v => v ?? "NULL").ToArray())]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({job.Rows.Count} rows)"));
    }

    public static void WriteSummary(TextWriter output, JobInfo job)
    {
        var seconds = job.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        output.WriteLine($"Job {job.JobId} {job.State} in {seconds} s");
        output.WriteLine($"User: {job.User}");
        if (job.AnsweredFromMetadata)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Answered from metadata: 0 tasks, 0 of {job.BlocksTotal} blocks read (the namenode's row counts and block statistics answered it)"));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Tasks: {job.TasksSucceeded}/{job.TasksTotal} done ({job.TasksNodeLocal} NODE_LOCAL, {job.TasksRackLocal} RACK_LOCAL, {job.TasksAny} ANY: {job.NodeLocalShare:P0} local); {job.BlocksSkipped} of {job.BlocksTotal} blocks skipped by statistics"));
        }
        output.WriteLine($"Read {Bytes(job.BytesReadLocal)} from local disk, {Bytes(job.BytesReadRemote)} over the network");
        if (job.SpeculativeAttempts > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Speculative attempts: {job.SpeculativeAttempts} (copies of stragglers; the first attempt of a task to finish counts, see `datalocal job tasks {job.JobId}`)"));
        }
        if (job.Error is not null)
        {
            output.WriteLine($"Error: {job.Error}");
        }
    }

    /// <summary>A byte count for people: 812 B, 1.5 MB.</summary>
    internal static string Bytes(long bytes) => bytes < 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B") : ByteSize.Human(bytes) + "B";

    public static string Progress(JobInfo job) => string.Create(CultureInfo.InvariantCulture,
        $"{job.State}: {job.TasksSucceeded}/{job.TasksTotal} tasks done, {job.TasksRunning} running, {job.NodeLocalShare:P0} local");
}
