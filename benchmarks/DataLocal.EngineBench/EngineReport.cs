using System.Globalization;
using System.Text;

namespace DataLocal.EngineBench;

/// <summary>One query's medians: DataLocal's block engine on one core, DuckDB with one thread and with all.</summary>
public sealed record QueryMeasurement(EngineQuery Query, double DataLocalMs, double DuckDbOneMs, double DuckDbAllMs, int Rows, string? Difference)
{
    /// <summary>DataLocal's time over DuckDB's single-thread time: how many cores DataLocal needs to match one DuckDB thread.</summary>
    public double Ratio => DataLocalMs / DuckDbOneMs;
}

/// <summary>The comparison as Markdown, with the COST figure.</summary>
public static class EngineReport
{
    public static string Markdown(
        IReadOnlyList<QueryMeasurement> measurements, long rows, int blocks, long bytes, string source, int runs, string command)
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
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| query | DataLocal, 1 core | DuckDB, 1 thread | ratio (cores to match) | DuckDB, {cores} threads | rows | answers |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var m in measurements)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Query.Name} | {m.DataLocalMs:0.0} ms | {m.DuckDbOneMs:0.0} ms | {m.Ratio:0.0}× | {m.DuckDbAllMs:0.0} ms | {m.Rows} | {(m.Difference is null ? "match DuckDB" : "DIFFER: " + m.Difference)} |");
        }
        var geometricMean = Math.Exp(measurements.Average(m => Math.Log(m.Ratio)));
        var worst = measurements.Max(m => m.Ratio);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"**COST**: DataLocal needs **{Math.Ceiling(worst):0} cores** to match one DuckDB thread on every query above (worst ratio {worst:0.0}×, geometric mean {geometricMean:0.0}×), assuming its tasks scale perfectly across cores.");
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
