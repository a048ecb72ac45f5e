using System.Globalization;
using System.Text;
using DataLocal.Testing.Netns;

namespace DataLocal.LocalityBench;

/// <summary>Writes a run's results as markdown and its plot (job time against bandwidth, one line per mode) as PNG.</summary>
public static class ReportWriter
{
    public static (string Markdown, string Png) Write(BenchmarkReport report, string directory, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var name = $"NetnsLocality-{report.Variant.Name}";
        var png = Path.Combine(directory, name + ".png");
        var markdown = Path.Combine(directory, name + ".md");
        Plot(report, png);
        File.WriteAllText(markdown, Markdown(report, Path.GetFileName(png), command));
        return (markdown, png);
    }

    /// <summary>The bandwidth, starred when its shaping could not be verified.</summary>
    private static string Label(BenchmarkReport report, LinkRate rate) =>
        report.Shapings.Any(s => s.Rate == rate && s.Problem is not null) ? $"{rate} (not verified*)" : rate.ToString();

    private static void Plot(BenchmarkReport report, string path)
    {
        var plot = new ScottPlot.Plot();
        var rates = LocalityBenchmark.Rates;
        double[] xs = [.. Enumerable.Range(0, rates.Count).Select(i => (double)i)];
        var colors = new[] { ScottPlot.Colors.SeaGreen, ScottPlot.Colors.DarkOrange, ScottPlot.Colors.SteelBlue };
        var shapes = new[] { ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.FilledSquare, ScottPlot.MarkerShape.FilledTriangleUp };
        for (var m = 0; m < LocalityBenchmark.Modes.Count; m++)
        {
            var mode = LocalityBenchmark.Modes[m];
            double[] ys = [.. rates.Select(r => report.MedianSeconds(mode, r))];
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = mode.Name;
            line.Color = colors[m];
            line.LineWidth = 2;
            line.MarkerSize = 9;
            line.MarkerShape = shapes[m];
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, [.. rates.Select(r => Label(report, r))]);
        plot.Axes.SetLimitsX(-0.3, rates.Count - 0.7);
        plot.Axes.SetLimitsY(0, rates.SelectMany(r => LocalityBenchmark.Modes.Select(m => report.MedianSeconds(m, r))).Max() * 1.1);
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Scan + filter + GROUP BY over {report.Table.Bytes / 1e6:0} MB, 4 datanode hosts ({report.Variant.Name} variant)"));
        plot.XLabel(report.Shapings.Any(s => s.Problem is not null)
            ? "link bandwidth per host (tc tbf; * the veth path cannot carry it here, see the results file)"
            : "link bandwidth per host (tc tbf)");
        plot.YLabel($"job time, s (median of {report.Runs})");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 900, 560);
    }

    private static string Markdown(BenchmarkReport r, string png, string command)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        void L(string line = "") => s.Append(line).Append('\n');
        L($"# Locality on a shaped network: {r.Variant.Name} variant");
        L();
        L(string.Create(inv, $"**Variant: {r.Variant.Name}** ({r.Table.Bytes / 1e6:0.0} MB table, {r.Table.RowGroups} blocks). Run {r.Started:yyyy-MM-dd HH:mm} UTC, took {r.Elapsed.TotalMinutes:0.0} min, with `{command}`."));
        L();
        L(string.Create(inv, $"Machine: {CpuModel()}, {Environment.ProcessorCount} cores, .NET {Environment.Version}. **The machine was shared**: every host of the cluster (namenode, 4 datanodes, nginx) runs on the same {Environment.ProcessorCount} cores, and other work may have run on them during the measurement; read the ratios, and the absolute times as this machine's."));
        L();
        L("## Setup");
        L();
        L(string.Create(inv, $"- Table: TPC-H-like lineitem generated with seed {r.Seed}: {r.Table.Rows:N0} rows, {r.Table.Bytes:N0} bytes of Snappy Parquet in {r.Table.RowGroups} row groups of {r.Table.RowsPerGroup:N0} rows."));
        L(string.Create(inv, $"- Cluster: one network namespace per host on a bridge: namenode, 4 datanodes (2 task slots each), a client host and an nginx host; replication 2, block size {r.BlockSize:N0} bytes, so one row group per block ({r.Table.RowGroups} blocks, {r.Table.RowGroups} tasks per job in every mode)."));
        L("- Every host's link (both ends of its veth) shaped with `tc qdisc … tbf` to the bandwidth; the object store has one such link, like one server.");
        L($"- Query: `{LocalityBenchmark.Query("<source>")}` (a full scan: the filter keeps ~98 % of rows, no block can be skipped).");
        L($"- Modes: {string.Join("; ", LocalityBenchmark.Modes.Select(m => $"**{m.Name}**: {m.Description}"))}.");
        L(string.Create(inv, $"- Each (bandwidth, mode) ran {r.Runs} times, modes interleaved, after one unmeasured warm-up job per mode; job time is the namenode's, from submission to completion (median reported). CPU seconds are user + system time of the 4 datanode processes (and, for nginx, of nginx) during the job, from /proc; \"machine busy\" is the share of all cores busy during the job."));
        L();
        L("## Shaping verified");
        L();
        L("| bandwidth | measured between two hosts | within 15 % |");
        L("| --- | --- | --- |");
        foreach (var shaping in r.Shapings)
        {
            var measured = shaping.MeasuredBitsPerSecond is { } m
                ? string.Create(inv, $"{m / 1e6:0.#} Mbit/s")
                : shaping.Rate.IsLimited ? "—" : string.Create(inv, $"{r.UnshapedBitsPerSecond / 1e9:0.00} Gbit/s (unshaped veth path)");
            var ok = shaping.Problem is { } p ? $"**no**: {p}" : shaping.Rate.IsLimited ? "yes" : "n/a";
            L($"| {shaping.Rate} | {measured} | {ok} |");
        }
        if (r.Shapings.Any(x => x.Problem is not null))
        {
            L();
            L("A rate marked **no** was still set and measured, but the hosts' links could not carry it on this machine (the unshaped veth path is slower than the setting, or the machine too busy), so its rows measure \"as fast as this machine moves bytes between namespaces\", not that bandwidth.");
        }
        L();
        L("## Results");
        L();
        L($"![job time against bandwidth]({png})");
        L();
        L("| bandwidth | mode | job time, median (s) | runs (s) | ratio to data-local | read locally (MB) | read over the network (MB) | nginx sent (MB) | datanode CPU (s) | nginx CPU (s) | machine busy | NODE_LOCAL tasks |");
        L("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var rate in LocalityBenchmark.Rates)
        {
            var baseline = r.MedianSeconds(LocalityBenchmark.DataLocal, rate);
            foreach (var mode in LocalityBenchmark.Modes)
            {
                var runs = r.Of(mode, rate).ToList();
                var median = r.MedianSeconds(mode, rate);
                L(string.Create(inv,
                    $"| {rate} | {mode.Name} | {median:0.00} | {string.Join(", ", runs.Select(x => x.Seconds.ToString("0.00", inv)))} | {median / baseline:0.00}× | " +
                    $"{BenchmarkReport.Median(runs.Select(x => (double)x.BytesLocal)) / 1e6:0.0} | {BenchmarkReport.Median(runs.Select(x => (double)x.BytesNetwork)) / 1e6:0.0} | " +
                    $"{(mode == LocalityBenchmark.External ? (BenchmarkReport.Median(runs.Select(x => (double)x.StoreBytesSent)) / 1e6).ToString("0.0", inv) : "—")} | " +
                    $"{BenchmarkReport.Median(runs.Select(x => x.DatanodeCpuSeconds)):0.0} | " +
                    $"{(mode == LocalityBenchmark.External ? BenchmarkReport.Median(runs.Select(x => x.StoreCpuSeconds)).ToString("0.00", inv) : "—")} | " +
                    $"{BenchmarkReport.Median(runs.Select(x => x.MachineBusyShare)):P0} | {BenchmarkReport.Median(runs.Select(x => (double)x.TasksNodeLocal)):0}/{runs[0].Tasks} |"));
            }
        }
        L();
        L("\"read over the network\" is what the job's locality report counts as read remotely (for nginx, the tasks' row-group ranges); \"nginx sent\" is what nginx's access log says it sent during the job, including the namenode's footer reads for planning.");
        L();
        L("## Answer");
        L();
        L(r.AnswerProblem is null
            ? "All three modes gave the same count and sum(l_quantity) per group, equal to what the generator counted while writing the table:"
            : $"**ANSWERS DIFFER**: {r.AnswerProblem}");
        L();
        L("| l_returnflag | l_linestatus | count | sum(l_quantity) | avg(l_extendedprice) | avg(l_discount) |");
        L("| --- | --- | ---: | ---: | ---: | ---: |");
        L(r.AnswerTable);
        return s.ToString();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
