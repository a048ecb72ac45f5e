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
        Row(text, "locate (GetBlocksAsync) ops/s", results, r => r.LocateOpsPerSecond.ToString("N0", culture), "≥ 10,000 at 1 M blocks");
        Row(text, "stat (StatAsync) ops/s", results, r => r.StatOpsPerSecond.ToString("N0", culture), "");
        Row(text, "create (CreateFile+AddBlock+3 reports+CompleteFile) files/s", results, r => r.CreateOpsPerSecond.ToString("N0", culture), "");
        Row(text, "managed heap per block, loaded and reported", results, r => Bytes(r.HeapPerBlockLoaded), "≤ 1 KB at 1 M blocks (HDFS: ~150 B per object)");
        Row(text, "RSS per block, loaded and reported", results, r => Bytes(r.RssPerBlockLoaded), "");
        Row(text, "managed heap per block, after the rates", results, r => Bytes(r.HeapPerBlockAfterLoad), "");
        Row(text, "RSS per block, after the rates", results, r => Bytes(r.RssPerBlockAfterLoad), "");
        Row(text, "first start to answering, block map loaded", results, r => Seconds(r.FirstStartSeconds), "");
        Row(text, "full block reports (3 nodes) until safe mode off", results, r => Seconds(r.ReportSeconds), "");
        Row(text, "restart to answering, block map loaded", results, r => Seconds(r.RestartSeconds), "");
        Row(text, "full block reports after the restart", results, r => Seconds(r.RestartReportSeconds), "");
        Row(text, "building the namespace in LiteDB (not a namenode operation)", results, r => Seconds(r.BuildSeconds), "");
        if (results.Count >= 2)
        {
            var small = results[0];
            var large = results[^1];
            text.AppendLine().AppendLine(culture,
                $"Ratio {large.Blocks:N0} : {small.Blocks:N0} blocks — locate {large.LocateOpsPerSecond / small.LocateOpsPerSecond:0.00}×, stat {large.StatOpsPerSecond / small.StatOpsPerSecond:0.00}×, create {large.CreateOpsPerSecond / small.CreateOpsPerSecond:0.00}× the rate (1.00 = cost does not grow with size).");
        }
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, IReadOnlyList<SizeResult> results, Func<SizeResult, string> cell, string target) =>
        text.Append("| ").Append(name).Append(" |").Append(string.Concat(results.Select(r => " " + cell(r) + " |"))).Append(' ').Append(target).AppendLine(" |");

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B");

    private static string Seconds(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s");
}
