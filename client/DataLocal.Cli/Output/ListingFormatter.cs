using System.Globalization;
using DataLocal.Cli.Commands;
using DataLocal.Client.Model;

namespace DataLocal.Cli.Output;

/// <summary>Formats `fs ls` lines in `hdfs dfs -ls` columns: permissions, replication, owner, group, size, date, time, path.</summary>
public static class ListingFormatter
{
    public static IEnumerable<string> Format(IReadOnlyList<FileEntry> entries, bool humanReadable)
    {
        var sizes = entries.Select(e => humanReadable ? ByteSize.Human(e.Length) : e.Length.ToString(CultureInfo.InvariantCulture)).ToList();
        var width = sizes.Count == 0 ? 1 : sizes.Max(s => s.Length);
        // Owners and groups are padded to the longest of the listing, as `hdfs dfs -ls` does, so sizes line up.
        var owners = entries.Count == 0 ? 1 : entries.Max(e => e.Owner.Length);
        var groups = entries.Count == 0 ? 1 : entries.Max(e => e.Group.Length);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var replication = entry.IsDirectory ? "-" : entry.Replication.ToString(CultureInfo.InvariantCulture);
            var modified = entry.Modified.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            yield return $"{entry.PermissionText} {replication,3} {entry.Owner.PadRight(owners)} {entry.Group.PadRight(groups)} {sizes[i].PadLeft(width)} {modified} {entry.Path}";
        }
    }
}
