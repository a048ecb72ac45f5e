using DataLocal.Testing;

namespace DataLocal.Tests.Cluster;

/// <summary>A local scratch directory for a CLI test, and small files stored in the cluster through `fs put`.</summary>
public sealed class CliScratch(InProcessCluster cluster) : IDisposable
{
    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("datalocal-cli-test-");

    /// <summary>Writes a local file in the scratch directory and returns its path.</summary>
    public string File(string name, string text)
    {
        var path = Path.Combine(Directory.FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Stores <paramref name="text"/> at <paramref name="path"/> (replacing what is there) with `fs put -f`.</summary>
    public async Task StoreAsync(string path, string text, params string[] putOptions)
    {
        var (code, _, error) = await CliRun.RunAsync(cluster, ["fs", "put", "-f", .. putOptions, File(Guid.NewGuid().ToString("N"), text), path]);
        Assert.True(code == 0, error);
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
