using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataLocal.NamenodeBench;

// Usage: namenode-bench [--blocks 10000,1000000] [--blocks-per-file 10] [--callers 8] [--seconds 5] [--name NamenodeScale]
// Each size runs in a child process of this program (`--one N`), so heap and RSS are one namenode's.
var options = Options.Parse(args);
if (options.One is { } size)
{
    var root = Path.Combine(Path.GetTempPath(), $"datalocal-namenode-bench-{Environment.ProcessId}");
    try
    {
        var space = new SyntheticNamespace(size, options.BlocksPerFile, FilesPerDirectory: 1000);
        var result = await new SizeRun(space, options.Callers, TimeSpan.FromSeconds(options.Seconds)).RunAsync(root);
        Console.WriteLine(ResultLine.Prefix + JsonSerializer.Serialize(result));
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
    return 0;
}

var results = new List<SizeResult>();
foreach (var blocks in options.Blocks)
{
    var child = new ProcessStartInfo(Environment.ProcessPath!)
    {
        RedirectStandardOutput = true,
    };
    foreach (var arg in new[] { "--one", blocks.ToString(CultureInfo.InvariantCulture), "--blocks-per-file", options.BlocksPerFile.ToString(CultureInfo.InvariantCulture),
        "--callers", options.Callers.ToString(CultureInfo.InvariantCulture), "--seconds", options.Seconds.ToString(CultureInfo.InvariantCulture) })
    {
        child.ArgumentList.Add(arg);
    }
    using var process = Process.Start(child)!;
    var output = await process.StandardOutput.ReadToEndAsync();
    await process.WaitForExitAsync();
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultLine.Prefix, StringComparison.Ordinal));
    if (process.ExitCode != 0 || line is null)
    {
        Console.Error.WriteLine($"the run at {blocks:N0} blocks failed (exit code {process.ExitCode})");
        return 1;
    }
    results.Add(JsonSerializer.Deserialize<SizeResult>(line[ResultLine.Prefix.Length..])!);
}

var report = NamenodeReport.Markdown(results, options);
var path = Path.Combine(ResultsDirectory(), options.Name + ".md");
File.WriteAllText(path, report);
Console.WriteLine(report);
Console.WriteLine($"written to {path}");
return 0;

static string ResultsDirectory()
{
    // Up from the build output to the repository's benchmarks/results.
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "benchmarks", "results");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }
    return Directory.GetCurrentDirectory();
}

internal static class ResultLine
{
    public const string Prefix = "RESULT ";
}
