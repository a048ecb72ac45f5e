using System.Diagnostics;
using System.Globalization;
using DataLocal.DataNode.Compute;
using DataLocal.EngineBench;

// The engine comparison (README, "Engine speed against DuckDB"; benchmarks/results/README.md):
//   dotnet run -c Release --project benchmarks/DataLocal.EngineBench -- [--rows N] [--runs N] [--name NAME] [--out DIR] [--data DIR]
//   ... -- --profile N [--runs N] [--parquet-net] [--job]   only DataLocal's engine (or with --job, the query as a job on
//       the cluster) on query N (1-based), for a profiler (dotnet-trace);
//       writes nothing; --parquet-net decodes every column with Parquet.Net instead of the datanode's own decoder
//   --datanodes N (default 2; 0 skips) also times each query as a job on a cluster of N datanodes, the file stored
//       in blocks of --block-size bytes (default 8 MiB) with replication N; the nodes are separate processes
//       (`datalocal cluster start`, each one's peak memory reported) unless --in-process (always so with --profile)
// Writes benchmarks/results/<NAME>.md (default EngineComparison.md). The file is generated once per row count under --data.
var rows = LongOption("--rows", 1_000_000);
var runs = (int)LongOption("--runs", 5);
var name = Option("--name") ?? "EngineComparison";
var output = Option("--out") ?? Path.Combine(RepositoryRoot(), "benchmarks", "results");
var data = Option("--data") ?? Path.Combine(Path.GetTempPath(), "datalocal-engine-bench");
if (runs < 3)
{
    Console.Error.WriteLine("--runs must be at least 3 (medians of at least three runs)");
    return 1;
}
Directory.CreateDirectory(data);
var path = Path.Combine(data, string.Create(CultureInfo.InvariantCulture, $"lineitem-{rows}.parquet"));
var source = LineitemFile.Create(path, rows);
Console.WriteLine($"file: {path} ({new FileInfo(path).Length / 1e6:0.0} MB, {source})");

var engine = new BlockEngineRunner(path) { Options = new ComputeOptions { ParquetNetOnly = args.Contains("--parquet-net") } };
using var duckOne = new DuckDbRunner(1);
using var duckAll = new DuckDbRunner(Environment.ProcessorCount);
var datanodes = (int)LongOption("--datanodes", 2);
var blockSize = LongOption("--block-size", 8L * 1024 * 1024);
if (Option("--profile") is { } profiled)
{
    var query = EngineQueries.All[int.Parse(profiled, CultureInfo.InvariantCulture) - 1];
    var sql = query.Sql.Replace("{f}", "/bench/lineitem", StringComparison.Ordinal);
    // --job: the query as a job on the cluster instead of the engine alone.
    await using var profiledCluster = args.Contains("--job")
        ? await ClusterJobRunner.StartAsync(path, Math.Max(datanodes, 1), blockSize, inProcess: true)
        : null;
    Func<Task> run1 = profiledCluster is null
        ? () => engine.RunAsync(sql)
        : () => profiledCluster.RunAsync(query.Sql.Replace("{f}", ClusterJobRunner.StoredPath, StringComparison.Ordinal));
    for (var run = 0; run < runs; run++)
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var ms = await TimeAsync(async () => { await run1(); return 0; });
        // CPU time and allocations too: on a shared machine they move less than wall time.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ms:0.0} ms{(profiledCluster is null ? "" : $" (job {profiledCluster.LastRun.Job.TotalMilliseconds:0} ms, result read {profiledCluster.LastRun.ResultRead.TotalMilliseconds:0} ms)")}, CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms, allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:0.0} MB, GCs gen0/1/2 {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}"));
    }
    return 0;
}
await using var cluster = datanodes > 0
    ? await ClusterJobRunner.StartAsync(path, datanodes, blockSize, inProcess: args.Contains("--in-process"))
    : null;
if (cluster is not null)
{
    Console.WriteLine($"cluster: {cluster.DataNodes} datanodes, {cluster.Blocks} blocks");
}
var file = "read_parquet('" + path.Replace("'", "''", StringComparison.Ordinal) + "')";
var measurements = new List<QueryMeasurement>();
foreach (var query in EngineQueries.All)
{
    var ours = await engine.RunAsync(query.Sql.Replace("{f}", "/bench/lineitem", StringComparison.Ordinal));
    var expected = duckOne.Run(query.Sql.Replace("{f}", file, StringComparison.Ordinal));
    var difference = AnswerCheck.Difference(expected, ours);
    var clusterSql = query.Sql.Replace("{f}", ClusterJobRunner.StoredPath, StringComparison.Ordinal);
    if (cluster is not null)
    {
        difference ??= AnswerCheck.Difference(expected, await cluster.RunAsync(clusterSql)) is { } d ? "job: " + d : null;
    }
    var dataLocal = new List<double>();
    var jobs = new List<double>();
    var one = new List<double>();
    var all = new List<double>();
    // Interleaved, so a busy moment of this shared machine slows both engines rather than one.
    for (var run = 0; run < runs; run++)
    {
        dataLocal.Add(await TimeAsync(() => engine.RunAsync(query.Sql.Replace("{f}", "/bench/lineitem", StringComparison.Ordinal))));
        one.Add(await TimeAsync(() => Task.FromResult(duckOne.Run(query.Sql.Replace("{f}", file, StringComparison.Ordinal)))));
        all.Add(await TimeAsync(() => Task.FromResult(duckAll.Run(query.Sql.Replace("{f}", file, StringComparison.Ordinal)))));
        if (cluster is not null)
        {
            jobs.Add(await TimeAsync(() => cluster.RunAsync(clusterSql)));
        }
    }
    var measurement = new QueryMeasurement(query, Median(dataLocal), Median(one), Median(all), ours.Rows.Count, difference)
    {
        JobMs = jobs.Count > 0 ? Median(jobs) : null,
    };
    measurements.Add(measurement);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{query.Name,-32} DataLocal {measurement.DataLocalMs,8:0.0} ms  DuckDB×1 {measurement.DuckDbOneMs,7:0.0} ms  ratio {measurement.Ratio,5:0.0}×  DuckDB×{Environment.ProcessorCount} {measurement.DuckDbAllMs,7:0.0} ms  job {measurement.JobMs,7:0.0} ms ({measurement.JobRatio:0.0}×)  {(difference is null ? "answers match" : "ANSWERS DIFFER: " + difference)}"));
}
var command = "dotnet run -c Release --project benchmarks/DataLocal.EngineBench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
Directory.CreateDirectory(output);
var report = Path.Combine(output, name + ".md");
File.WriteAllText(report, EngineReport.Markdown(measurements, rows, engine.BlockCount, new FileInfo(path).Length, source, runs, command, cluster is null ? null : new JobCluster(cluster.DataNodes, cluster.Blocks, blockSize, cluster.Processes?.PeakResident())));
Console.WriteLine($"results: {report}");
return measurements.All(m => m.Difference is null) ? 0 : 3;

static async Task<double> TimeAsync<T>(Func<Task<T>> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

string? Option(string option)
{
    var i = Array.IndexOf(args, option);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

long LongOption(string option, long fallback) => Option(option) is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "DataLocal.sln")))
        {
            return dir.FullName;
        }
    }
    return Environment.CurrentDirectory;
}
