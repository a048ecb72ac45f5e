using System.Globalization;
using DataLocal.LocalityBench;
using DataLocal.Testing.Netns;

// The locality benchmark on a shaped network (README, "Locality on a shaped network"):
//   dotnet run -c Release --project benchmarks/DataLocal.LocalityBench -- [--quick] [--runs N] [--seed N] [--out DIR] [--size-mb N]
//   ... -- --lz4 [--runs N] [--size-mb N]   LZ4 on the wire at 1 Gbit/s: uncompressed, Snappy and ZSTD tables read and written with it off and on
// Full variant by default (1.15 GB, 64 blocks); --quick is a 128 MiB, 32-block table that finishes in under 10 minutes on 2 cores.
// Results: benchmarks/results/NetnsLocality-<variant>.md and .png. Needs root (as CI and these machines are), iproute2 and nginx.
var quick = args.Contains("--quick");
var runs = IntOption("--runs", 3);
var seed = IntOption("--seed", 20_260_612);
var output = Option("--out") ?? Path.Combine(RepositoryRoot(), "benchmarks", "results");
if (runs < 3)
{
    Console.Error.WriteLine("--runs must be at least 3 (medians of at least three jobs)");
    return 1;
}
if (NetnsSupport.UnavailableReason is { } netns)
{
    Console.Error.WriteLine($"cannot run: network namespaces unavailable: {netns}");
    return 2;
}
if (NginxServer.UnavailableReason is { } nginx)
{
    Console.Error.WriteLine($"cannot run: {nginx}");
    return 2;
}

if (args.Contains("--lz4"))
{
    // LZ4 on the wire at 1 Gbit/s (README, "LZ4 on the wire").
    var lz4Command = "dotnet run -c Release --project benchmarks/DataLocal.LocalityBench -- " + string.Join(' ', args);
    var lz4Data = Path.Combine(Path.GetTempPath(), "datalocal-lz4-bench", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    var tableBytes = (Option("--size-mb") is { } mb ? long.Parse(mb, CultureInfo.InvariantCulture) : 128) << 20;
    try
    {
        double? measured = null;
        var samples = await new CompressionBenchmark(runs, seed, tableBytes, Console.Out).RunAsync(lz4Data, m => { measured = m; return Task.CompletedTask; });
        Directory.CreateDirectory(output);
        var file = Path.Combine(output, "NetnsLz4.md");
        File.WriteAllText(file, CompressionBenchmark.Markdown(samples, runs, tableBytes, measured, lz4Command));
        Console.WriteLine($"results: {file}");
        return 0;
    }
    finally
    {
        if (Directory.Exists(lz4Data))
        {
            Directory.Delete(lz4Data, recursive: true);
        }
    }
}

var variant = quick ? BenchmarkVariant.Quick : BenchmarkVariant.Full;
if (Option("--size-mb") is { } sizeMb)
{
    // A table of another size (a smoke run of the harness), reported under its own name.
    variant = new BenchmarkVariant($"{sizeMb}MB", long.Parse(sizeMb, CultureInfo.InvariantCulture) << 20, variant.Blocks);
}
var command = "dotnet run -c Release --project benchmarks/DataLocal.LocalityBench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
var data = Path.Combine(Path.GetTempPath(), "datalocal-locality-bench", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
try
{
    var report = await new LocalityBenchmark(variant, runs, seed, Console.Out).RunAsync(data);
    var (markdown, png) = ReportWriter.Write(report, output, command);
    Console.WriteLine($"results: {markdown}");
    Console.WriteLine($"plot:    {png}");
    Console.WriteLine(report.AnswerProblem is null ? "answers: all modes agree with the generator" : $"ANSWERS DIFFER: {report.AnswerProblem}");
    return report.AnswerProblem is null ? 0 : 3;
}
finally
{
    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (DirectoryNotFoundException)
    {
    }
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int IntOption(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

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
