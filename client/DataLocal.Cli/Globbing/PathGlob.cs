using DataLocal.Client;
using DataLocal.Client.Model;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Globbing;

/// <summary>
/// Turns the paths a user typed into the paths they name, as `hdfs dfs` does: a path without wildcards
/// is itself (whether or not it exists — the command says so); a pattern is every existing path it
/// matches, in listing order, and matching nothing is an error naming the verb and the pattern.
/// </summary>
public static class PathGlob
{
    /// <summary>Every path <paramref name="patterns"/> name, all expanded before the caller acts on any.</summary>
    public static async Task<IReadOnlyList<string>> ExpandAllAsync(DataLocalClient client, IEnumerable<string> patterns, string verb, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        foreach (var pattern in patterns)
        {
            paths.AddRange(await ExpandAsync(client, pattern, verb, cancellationToken).ConfigureAwait(false));
        }
        return paths;
    }

    public static async Task<IReadOnlyList<string>> ExpandAsync(DataLocalClient client, string pattern, string verb, CancellationToken cancellationToken)
    {
        if (!GlobPattern.HasWildcard(pattern))
        {
            return [DataLocalPath.Normalize(GlobPattern.Unescape(pattern))];
        }
        var matches = new List<string>();
        foreach (var alternative in GlobPattern.ExpandBraces(pattern))
        {
            foreach (var path in await MatchAsync(client, DataLocalPath.Normalize(alternative), cancellationToken).ConfigureAwait(false))
            {
                if (!matches.Contains(path, StringComparer.Ordinal))
                {
                    matches.Add(path);
                }
            }
        }
        return matches.Count > 0
            ? matches
            : throw new NoMatchException(verb, pattern);
    }

    // Walks the pattern name by name: a name with wildcards is matched against its parents' listings, a
    // plain name is appended; whatever was appended unseen is checked at the end, since a pattern names
    // only what exists.
    private static async Task<List<string>> MatchAsync(DataLocalClient client, string pattern, CancellationToken cancellationToken)
    {
        List<(string Path, FileEntry? Entry)> candidates = [(DataLocalPath.Root, null)];
        foreach (var name in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!GlobPattern.HasWildcard(name))
            {
                candidates = [.. candidates.Select(c => (DataLocalPath.Combine(c.Path, GlobPattern.Unescape(name)), (FileEntry?)null))];
                continue;
            }
            var matcher = GlobPattern.CompileName(name);
            var next = new List<(string, FileEntry?)>();
            foreach (var (path, entry) in candidates)
            {
                var directory = entry ?? await client.StatAsync(path, cancellationToken).ConfigureAwait(false);
                if (directory is not { IsDirectory: true })
                {
                    continue;
                }
                foreach (var child in await client.ListAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (child.Path != path && matcher.IsMatch(DataLocalPath.Name(child.Path)))
                    {
                        next.Add((child.Path, child));
                    }
                }
            }
            candidates = next;
        }
        var existing = new List<string>();
        foreach (var (path, entry) in candidates)
        {
            if (entry is not null || await client.StatAsync(path, cancellationToken).ConfigureAwait(false) is not null)
            {
                existing.Add(path);
            }
        }
        return existing;
    }
}

/// <summary>A glob that matched nothing: `ls: `/x*': No such file or directory`, as hdfs says it.</summary>
public sealed class NoMatchException(string verb, string pattern)
    : DataLocalException($"{verb}: `{DataLocalPath.Shown(pattern)}': No such file or directory");
