using System.Text.Json;

namespace DataLocal.Cli.Cluster;

/// <summary>
/// What `cluster start` leaves behind in its directory (cluster.json) so later commands find the
/// namenode (and, started with --tls, the CA its certificates chain to) and `cluster stop` finds the processes.
/// </summary>
public sealed record ClusterFile(string NameNode, string? NameNodeHttp, string Directory, IReadOnlyList<ClusterProcess> Processes, string? TlsCaFile = null)
{
    public const string FileName = "cluster.json";

    /// <summary>Where commands look when no namenode is given: the default `cluster start` directory.</summary>
    public const string DefaultDirectory = ".datalocal";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public void Write()
    {
        var temp = PathIn(Directory) + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Options));
        File.Move(temp, PathIn(Directory), overwrite: true);
    }

    public static ClusterFile? TryRead(string directory)
    {
        var path = PathIn(directory);
        return File.Exists(path) ? JsonSerializer.Deserialize<ClusterFile>(File.ReadAllText(path)) : null;
    }
}

/// <summary>One background process of a local cluster.</summary>
public sealed record ClusterProcess(string Role, int ProcessId, string Directory, string Address);
