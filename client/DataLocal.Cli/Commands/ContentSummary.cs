using DataLocal.Client;
using DataLocal.Client.Model;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// What lies under a path, as `du` and `count` report it: directories (a directory counts itself),
/// files, bytes, and bytes on disk with every replica (length × the file's replication).
/// </summary>
public sealed record ContentSummary(long Directories, long Files, long Length, long SpaceConsumed)
{
    public static ContentSummary Of(FileEntry entry) =>
        entry.IsDirectory ? new(1, 0, 0, 0) : new(0, 1, entry.Length, entry.Length * entry.Replication);

    public static async Task<ContentSummary> OfAsync(DataLocalClient client, string path, CancellationToken cancellationToken)
    {
        var entry = await client.StatAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new DataLocalException($"`{DataLocalPath.Shown(path)}': No such file or directory");
        return await OfAsync(client, entry, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ContentSummary> OfAsync(DataLocalClient client, FileEntry entry, CancellationToken cancellationToken)
    {
        var summary = Of(entry);
        if (entry.IsDirectory)
        {
            foreach (var inside in await client.ListAsync(entry.Path, recursive: true, cancellationToken).ConfigureAwait(false))
            {
                summary += Of(inside);
            }
        }
        return summary;
    }

    public static ContentSummary operator +(ContentSummary a, ContentSummary b) =>
        new(a.Directories + b.Directories, a.Files + b.Files, a.Length + b.Length, a.SpaceConsumed + b.SpaceConsumed);
}
