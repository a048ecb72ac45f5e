using System.Globalization;
using System.Text;

namespace DataLocal.NamenodeBench;

/// <summary>The results as a Markdown table, smallest namespace first, with the targets and HDFS's rule of thumb beside them.</summary>
public static class NamenodeReport
{
    public static string Markdown(IReadOnlyList<SizeResult> results, Options options)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine("# Namenode at scale").AppendLine();
        text.AppendLine(culture, $"`dotnet run -c Release --project benchmarks/DataLocal.NamenodeBench` — {options.BlocksPerFile} block(s) per file, 3 fake datanodes each reporting a replica of every block, {options.Callers} concurrent callers, {options.Seconds:0.#} s per rate, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}.").AppendLine();
        text.Append("| measure |");
        foreach (var r in results)
        {
            text.Append(culture, $" {r.Blocks:N0} blocks |");
        }
        text.AppendLine(" target |");
        text.Append("| --- |").Append(string.Concat(results.Select(_ => " ---: |"))).AppendLine(" --- |");
        Row(text, "files", results, r => r.Files.ToString("N0", culture), "");
        RateRows(text, "locate (GetBlocksAsync), the first rate measured", results, r => r.Locate, "≥ 10,000/s at 1 M blocks");
        RateRows(text, "locate (GetBlocksAsync), measured again after the other reads", results, r => r.LocateLast, "≥ 10,000/s at 1 M blocks");
        RateRows(text, "locate, the namenode's work alone (FileBlockLocations.Locate in process, no RPC, as HDFS's NNThroughputBenchmark)", results, r => r.LocateInProcess, "≥ 10,000/s at 1 M blocks");
        RateRows(text, "stat (StatAsync)", results, r => r.Stat, "");
        RateRows(text, "stat of a missing path (the RPC floor)", results, r => r.Missing, "");
        RateRows(text, "create (CreateFile, AddBlock, 3 received reports, CompleteFile)", results, r => r.Create, "");
        Row(text, "managed heap per block, loaded and reported", results, r => Bytes(r.HeapPerBlockLoaded), "≤ 1 KB at 1 M blocks (HDFS: ~150 B per object)");
        Row(text, "RSS per block, loaded and reported", results, r => Bytes(r.RssPerBlockLoaded), "");
        Row(text, "managed heap per block, after the rates", results, r => Bytes(r.HeapPerBlockAfterLoad), "");
        Row(text, "RSS per block, after the rates", results, r => Bytes(r.RssPerBlockAfterLoad), "");
        Row(text, "first start to answering, block map loaded", results, r => Seconds(r.FirstStartSeconds), "");
        Row(text, "full block reports (3 nodes) until safe mode off", results, r => Seconds(r.ReportSeconds), "");
        Row(text, "then until the process was quiet (under 5 % of a core for a second), before any rate", results, r => Seconds(r.QuietSeconds), "");
        Row(text, "restart to answering, block map loaded", results, r => Seconds(r.RestartSeconds), "");
        Row(text, "full block reports after the restart", results, r => Seconds(r.RestartReportSeconds), "");
        Row(text, "building the namespace in LiteDB (not a namenode operation)", results, r => Seconds(r.BuildSeconds), "");
        if (results.Count >= 2)
        {
            var small = results[0];
            var large = results[^1];
            text.AppendLine().AppendLine(culture,
                $"CPU per operation at {large.Blocks:N0} blocks over {small.Blocks:N0} (1.00 = cost does not grow with size): locate {large.Locate.CpuMicrosecondsPerOperation / small.Locate.CpuMicrosecondsPerOperation:0.00}×, stat {large.Stat.CpuMicrosecondsPerOperation / small.Stat.CpuMicrosecondsPerOperation:0.00}×, create {large.Create.CpuMicrosecondsPerOperation / small.Create.CpuMicrosecondsPerOperation:0.00}×.");
        }
        return text.ToString();
    }

    private static void RateRows(StringBuilder text, string name, IReadOnlyList<SizeResult> results, Func<SizeResult, Rate> rate, string target)
    {
        var culture = CultureInfo.InvariantCulture;
        Row(text, name + ": ops/s measured", results, r => rate(r).PerSecond.ToString("N0", culture), target);
        Row(text, name + ": CPU µs per op (client + namenode)", results, r => rate(r).CpuMicrosecondsPerOperation.ToString("N0", culture), "");
        Row(text, name + ": ops/s 2 idle cores allow (2 s ÷ CPU per op)", results, r => rate(r).IdleCeiling(2).ToString("N0", culture), "");
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<SizeResult> results, Func<SizeResult, string> cell, string target) =>
        text.Append("| ").Append(name).Append(" |").Append(string.Concat(results.Select(r => " " + cell(r) + " |"))).Append(' ').Append(target).AppendLine(" |");

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B");

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");
}
