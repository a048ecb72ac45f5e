using System.Globalization;
using System.Text;

namespace DataLocal.EngineBench;

/// <summary>One query's medians: DataLocal's block engine on one core, DuckDB with one thread and with all.</summary>
public sealed record QueryMeasurement(EngineQuery Query, double DataLocalMs, double DuckDbOneMs, double DuckDbAllMs, int Rows, string? Difference)
{
    /// <summary>DataLocal's time over DuckDB's single-thread time: how many cores DataLocal needs to match one DuckDB thread.</summary>
    public double Ratio => DataLocalMs / DuckDbOneMs;

    /// <summary>The query as a job on the cluster, submit to result rows; null when no cluster was measured.</summary>
    public double? JobMs { get; init; }

    /// <summary>The job's time over DuckDB's single-thread time (the issue's target: at most 2 with 2 datanodes on 2 cores).</summary>
    public double? JobRatio => JobMs / DuckDbOneMs;
}

/// <summary>The cluster the jobs ran on: its shape, and each process's peak memory when its nodes were separate processes.</summary>
public sealed record JobCluster(int DataNodes, int Blocks, long BlockSize, IReadOnlyList<(string Role, long PeakBytes)>? Peaks);

/// <summary>The comparison as Markdown, with the COST figure.</summary>
public static class EngineReport
{
    public static string Markdown(
        IReadOnlyList<QueryMeasurement> measurements, long rows, int blocks, long bytes, string source, int runs, string command,
        JobCluster? cluster)
    {
        var text = new StringBuilder();
        var cores = Environment.ProcessorCount;
        text.AppendLine(CultureInfo.InvariantCulture, $"# Block engine vs DuckDB, {rows:N0} lineitem rows");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"`{command}` on {DateTime.UtcNow:yyyy-MM-dd} ({cores} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}). ");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"File: {bytes / 1e6:0.0} MB Parquet (Snappy), {blocks} row groups of about {rows / blocks:N0} rows (ROW_GROUP_SIZE {LineitemFile.RowGroupRows:N0}, which DuckDB rounds to whole 2,048-row vectors), one block each; written by {source}. ");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Medians of {runs} interleaved runs after one warm-up run. DataLocal: every block's task one after another on one core (footer check, statistics pruning, decode from the block's bytes plus footer, partial results through their byte form, merge); DuckDB in the same process over the same file with `SET threads=1` and `SET threads={cores}`. Both read from memory (page cache).");
        if (cluster is { } c)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"DataLocal job: the same query submitted to a cluster of a namenode and {c.DataNodes} datanodes sharing this machine's {cores} cores ({(c.Peaks is null ? "all in one process" : "separate processes started by `datalocal cluster start`")}, gRPC over loopback sockets, blocks in files on disk; the file stored as {c.Blocks} blocks of at most {c.BlockSize / (1024.0 * 1024):0.#} MiB with replication {c.DataNodes}), timed from submit until the result rows are in the client's hands.");
        }
        text.AppendLine();
        var jobColumns = cluster is { } shape ? $" DataLocal job, {shape.DataNodes} datanodes | job ratio |" : string.Empty;
        text.AppendLine(CultureInfo.InvariantCulture, $"| query | DataLocal, 1 core | DuckDB, 1 thread | ratio (cores to match) | DuckDB, {cores} threads |{jobColumns} rows | answers |");
        text.AppendLine(cluster is null ? "| --- | ---: | ---: | ---: | ---: | ---: | --- |" : "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var m in measurements)
        {
            var job = cluster is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" {m.JobMs:0.0} ms | {m.JobRatio:0.0}× |");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Query.Name} | {m.DataLocalMs:0.0} ms | {m.DuckDbOneMs:0.0} ms | {m.Ratio:0.0}× | {m.DuckDbAllMs:0.0} ms |{job} {m.Rows} | {(m.Difference is null ? "match DuckDB" : "DIFFER: " + m.Difference)} |");
        }
        var geometricMean = Math.Exp(measurements.Average(m => Math.Log(m.Ratio)));
        var worst = measurements.Max(m => m.Ratio);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"**COST**: DataLocal needs **{Math.Ceiling(worst):0} cores** to match one DuckDB thread on every query above (worst ratio {worst:0.0}×, geometric mean {geometricMean:0.0}×), assuming its tasks scale perfectly across cores.");
        if (cluster is { } jobShape)
        {
            var worstJob = measurements.Max(m => m.JobRatio ?? 0);
            var meanJob = Math.Exp(measurements.Average(m => Math.Log(m.JobRatio ?? 1)));
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"**Jobs**: with {jobShape.DataNodes} datanodes on {cores} cores, a DataLocal job takes at most **{worstJob:0.0}×** DuckDB's single-thread time (geometric mean {meanJob:0.0}×; the target is 2×), everything a job does beyond the scan included.");
            if (jobShape.Peaks is { } peaks)
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"**Memory**: peak resident memory of each process while the jobs above ran (VmHWM, restarted after the file's upload): {string.Join(", ", peaks.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Role} {p.PeakBytes / (1024.0 * 1024):0} MiB")))}; the file is {bytes / (1024.0 * 1024):0} MiB.");
            }
        }
        text.AppendLine();
        text.AppendLine("Queries:");
        text.AppendLine();
        foreach (var m in measurements)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {m.Query.Name}: `{m.Query.Sql}`");
        }
        return text.ToString();
    }
}
