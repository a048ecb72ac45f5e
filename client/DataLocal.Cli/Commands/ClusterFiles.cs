using DataLocal.Client;
using DataLocal.Client.Model;

namespace DataLocal.Cli.Commands;

/// <summary>The files a path stands for when a command acts on files only: the file itself, or those in a directory.</summary>
public static class ClusterFiles
{
    public static async Task<IReadOnlyList<FileEntry>> UnderAsync(DataLocalClient client, string path, bool recursive, string verb, CancellationToken cancellationToken)
    {
        var entry = await client.StatAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new DataLocalException($"{verb}: `{path}': No such file or directory");
        if (!entry.IsDirectory)
        {
            return [entry];
        }
        return [.. (await client.ListAsync(path, recursive, cancellationToken).ConfigureAwait(false)).Where(e => !e.IsDirectory)];
    }
}
