using System.Diagnostics;
using System.Globalization;
using DataLocal.Cli.Cluster;
using DataLocal.Client;

namespace DataLocal.EngineBench;

/// <summary>
/// A cluster started as a user starts one, `datalocal cluster start`: a namenode and datanodes as separate
/// processes on loopback ports. Separate processes are what let each datanode's memory be read on its own
/// (issue 8: a task's memory is bounded by its block, not by the file). Disposing it runs `cluster stop`.
/// </summary>
public sealed class LocalProcessCluster : IAsyncDisposable
{
    private readonly string directory;

    private LocalProcessCluster(string directory, ClusterFile file)
    {
        this.directory = directory;
        NameNode = file.NameNode;
        Processes = file.Processes;
    }

    public string NameNode { get; }

    public IReadOnlyList<ClusterProcess> Processes { get; }

    public static async Task<LocalProcessCluster> StartAsync(int datanodes, int replication, long blockSize)
    {
        var directory = Path.Combine(Path.GetTempPath(), "datalocal-engine-bench-cluster", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        await RunCliAsync("cluster", "start", "--dir", directory, "--datanodes", Text(datanodes), "--replication", Text(replication),
            "--block-size", Text(blockSize));
        var file = ClusterFile.TryRead(directory) ?? throw new InvalidOperationException($"cluster start left no {ClusterFile.FileName} in {directory}");
        return new LocalProcessCluster(directory, file);
    }

    /// <summary>A client of the namenode with the cluster's admin token.</summary>
    public DataLocalClient CreateClient() =>
        new(NameNode, new DataLocalClientOptions { Token = ClusterSecrets.In(directory).ReadToken() });

    /// <summary>
    /// Starts each process's peak resident memory (VmHWM) over from its current size (Linux: 5 written to
    /// /proc/PID/clear_refs), so a later peak is that of what ran since (the queries, not the file's upload).
    /// </summary>
    public void ResetPeaks()
    {
        foreach (var process in Processes)
        {
            File.WriteAllText($"/proc/{process.ProcessId}/clear_refs", "5");
        }
    }

    /// <summary>Each process's role and peak resident memory in bytes since it started or the last <see cref="ResetPeaks"/>.</summary>
    public IReadOnlyList<(string Role, long PeakBytes)> PeakResident() =>
        [.. Processes.Select(p => (p.Role, StatusKilobytes(p.ProcessId, "VmHWM:") * 1024))];

    private static long StatusKilobytes(int processId, string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await RunCliAsync("cluster", "stop", "--dir", directory);
        Directory.Delete(directory, recursive: true);
    }

    // The CLI built beside this program (a project reference), run by the same dotnet host.
    private static async Task RunCliAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "datalocal.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start datalocal");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"datalocal {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
