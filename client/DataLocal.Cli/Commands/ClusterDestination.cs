using DataLocal.Client;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Where put, cp and mv write: an existing directory receives the sources under their own names;
/// otherwise the path is the new name. A path typed with a trailing '/' names a directory, so when
/// none exists there it is an error (as in hdfs) rather than a file named like the directory.
/// </summary>
public sealed record ClusterDestination(string Path, bool IsDirectory)
{
    public static async Task<ClusterDestination> ResolveAsync(DataLocalClient client, string typed, string verb, CancellationToken cancellationToken)
    {
        var path = DataLocalPath.Normalize(typed);
        var isDirectory = await client.StatAsync(path, cancellationToken).ConfigureAwait(false) is { IsDirectory: true };
        if (!isDirectory && typed.Length > 1 && typed[^1] == '/')
        {
            throw new DataLocalException($"{verb}: `{DataLocalPath.Shown(typed)}': No such directory (create it with `datalocal fs mkdir -p {DataLocalPath.Shown(path)}`)");
        }
        return new ClusterDestination(path, isDirectory);
    }

    /// <summary>Where a source named <paramref name="name"/> lands.</summary>
    public string For(string name) => IsDirectory ? DataLocalPath.Combine(Path, name) : Path;
}
