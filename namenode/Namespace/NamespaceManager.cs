using DataLocal.Common.Paths;
using DataLocal.Common.Security;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Security;

namespace DataLocal.NameNode.Namespace;

/// <summary>
/// Owns the directory tree: paths → files → block ids. It knows nothing of datanodes or replicas.
/// Every change is committed to LiteDB before the method returns. One lock serialises changes;
/// reads of single records go straight to LiteDB, which is thread-safe. New inodes get an owner (the
/// calling user, or the superuser for the namenode's own), their parent's group (HDFS's rule) and the
/// default mode; who may do what is checked before, by the <see cref="PermissionChecker"/>.
/// </summary>
public sealed class NamespaceManager
{
    private readonly MetadataStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public NamespaceManager(MetadataStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        if (_store.Find(DataLocalPath.Root) is null)
        {
            _store.Commit([], [NewDirectory(DataLocalPath.Root, Superuser.Name, Superuser.Group)]);
        }
    }

    public INodeRecord? Find(string path) => _store.Find(DataLocalPath.Normalize(path));

    public INodeRecord Get(string path) =>
        Find(path) ?? throw new NamespaceException(NamespaceError.NotFound, $"{path}: No such file or directory");

    /// <summary>A directory's children, or the file itself when the path is a file (as `hdfs dfs -ls` shows).</summary>
    public IReadOnlyList<INodeRecord> List(string path)
    {
        var node = Get(path);
        return node.IsDirectory ? [.. _store.Children(node.Path).OrderBy(c => c.Path, StringComparer.Ordinal)] : [node];
    }

    public IEnumerable<INodeRecord> AllFiles() => _store.AllFiles();

    /// <summary>Every file at or below <paramref name="path"/>, in path order.</summary>
    public IReadOnlyList<INodeRecord> FilesUnder(string path)
    {
        var node = Get(path);
        return node.IsDirectory ? [.. _store.Subtree(node.Path).Where(n => !n.IsDirectory).OrderBy(n => n.Path, StringComparer.Ordinal)] : [node];
    }

    public long CountFiles() => _store.CountFiles();

    /// <summary>
    /// What is at or below <paramref name="path"/>: directories (itself included), files, their bytes, and
    /// the bytes their replicas take (HDFS's content summary, as `du` and `count` show it).
    /// </summary>
    public ContentSummary Summarize(string path)
    {
        var node = Get(path);
        var nodes = node.IsDirectory ? _store.Subtree(node.Path) : [node];
        var files = nodes.Where(n => !n.IsDirectory).ToList();
        return new ContentSummary(nodes.Count - files.Count, files.Count, files.Sum(f => f.Length), files.Sum(f => f.Length * f.Replication));
    }

    /// <param name="owner">The user creating it; null = the superuser.</param>
    public void Mkdirs(string path, bool parents, string? owner = null)
    {
        var normalized = DataLocalPath.Normalize(path);
        lock (_lock)
        {
            var existing = _store.Find(normalized);
            if (existing is not null)
            {
                if (!existing.IsDirectory)
                {
                    throw new NamespaceException(NamespaceError.AlreadyExists, $"{normalized}: File exists");
                }
                if (!parents)
                {
                    throw new NamespaceException(NamespaceError.AlreadyExists, $"{normalized}: File exists");
                }
                return;
            }
            var parent = DataLocalPath.Parent(normalized);
            if (!parents)
            {
                var parentNode = _store.Find(parent)
                    ?? throw new NamespaceException(NamespaceError.NotFound, $"{parent}: No such file or directory (use -p to create parents)");
                if (!parentNode.IsDirectory)
                {
                    throw new NamespaceException(NamespaceError.NotADirectory, $"{parent}: Is not a directory");
                }
            }
            _store.Commit([], MissingDirectories(normalized, owner));
        }
    }

    /// <summary>Checks that a file may be created at <paramref name="path"/>; returns its normalised form.</summary>
    public string CheckCreatable(string path, bool overwrite)
    {
        var normalized = DataLocalPath.Normalize(path);
        if (normalized == DataLocalPath.Root)
        {
            throw new NamespaceException(NamespaceError.IsADirectory, "/: Is a directory");
        }
        var existing = _store.Find(normalized);
        if (existing is { IsDirectory: true })
        {
            throw new NamespaceException(NamespaceError.IsADirectory, $"{normalized}: Is a directory");
        }
        if (existing is not null && !overwrite)
        {
            throw new NamespaceException(NamespaceError.AlreadyExists, $"{normalized}: File exists (use -f to overwrite)");
        }
        for (var ancestor = DataLocalPath.Parent(normalized); ; ancestor = DataLocalPath.Parent(ancestor))
        {
            var node = _store.Find(ancestor);
            if (node is { IsDirectory: false })
            {
                throw new NamespaceException(NamespaceError.NotADirectory, $"{ancestor}: Is not a directory");
            }
            if (node is not null || ancestor == DataLocalPath.Root)
            {
                break;
            }
        }
        return normalized;
    }

    /// <summary>
    /// Makes a finished file visible, creating missing parent directories. Returns the block ids of
    /// the file it replaced (overwrite), which the caller must delete.
    /// </summary>
    public IReadOnlyList<long> CommitFile(INodeRecord file, bool overwrite)
    {
        lock (_lock)
        {
            CheckCreatable(file.Path, overwrite);
            var replaced = _store.Find(file.Path);
            file.Parent = DataLocalPath.Parent(file.Path);
            file.ModifiedUtc = _time.GetUtcNow().UtcDateTime;
            var directories = MissingDirectories(file.Parent, file.Owner);
            SetNewFileOwnership(file, file.Owner, directories.FirstOrDefault()?.Group ?? GroupOfNearest(file.Parent));
            _store.Commit([], [.. directories, file]);
            return replaced is null ? [] : [.. replaced.Blocks.Select(b => b.BlockId)];
        }
    }

    /// <summary>
    /// Creates a new directory holding <paramref name="files"/> in one transaction: all of them become
    /// visible together or none does (a job's output, committed as Hadoop's FileOutputCommitter does).
    /// Refused when the directory exists, so nothing already there is ever replaced.
    /// </summary>
    /// <param name="owner">Who owns the directory and its files (a job's submitter); null = the superuser.</param>
    public void CommitDirectory(string directory, IReadOnlyList<INodeRecord> files, string? owner = null)
    {
        lock (_lock)
        {
            if (_store.Find(DataLocalPath.Normalize(directory)) is { } existing)
            {
                throw new NamespaceException(NamespaceError.AlreadyExists, $"{existing.Path}: File exists");
            }
            var normalized = CheckCreatable(directory, overwrite: false);
            var now = _time.GetUtcNow().UtcDateTime;
            var directories = MissingDirectories(normalized, owner);
            foreach (var file in files)
            {
                if (DataLocalPath.Parent(file.Path) != normalized)
                {
                    throw new InvalidOperationException($"{file.Path} is not directly in {normalized}");
                }
                file.Parent = normalized;
                file.ModifiedUtc = now;
                SetNewFileOwnership(file, owner, directories[0].GroupName);
            }
            _store.Commit([], [.. directories, .. files]);
        }
    }

    /// <summary>Deletes a path; returns the deleted files' block ids.</summary>
    public (int FilesDeleted, IReadOnlyList<long> BlockIds) Delete(string path, bool recursive)
    {
        var normalized = DataLocalPath.Normalize(path);
        if (normalized == DataLocalPath.Root)
        {
            throw new NamespaceException(NamespaceError.InvalidOperation, "/: the root directory cannot be deleted");
        }
        lock (_lock)
        {
            var node = _store.Find(normalized)
                ?? throw new NamespaceException(NamespaceError.NotFound, $"{normalized}: No such file or directory");
            var subtree = node.IsDirectory ? _store.Subtree(normalized) : [node];
            if (node.IsDirectory && subtree.Count > 1 && !recursive)
            {
                throw new NamespaceException(NamespaceError.DirectoryNotEmpty, $"{normalized}: Directory is not empty (use -r to delete it and its contents)");
            }
            _store.Commit(subtree.Select(n => n.Path), []);
            var files = subtree.Where(n => !n.IsDirectory).ToList();
            return (files.Count, [.. files.SelectMany(f => f.Blocks).Select(b => b.BlockId)]);
        }
    }

    /// <summary>Moves a path. Moving onto an existing directory moves into it, as `hdfs dfs -mv` does.</summary>
    public void Rename(string source, string destination)
    {
        var from = DataLocalPath.Normalize(source);
        var to = DataLocalPath.Normalize(destination);
        lock (_lock)
        {
            var node = _store.Find(from)
                ?? throw new NamespaceException(NamespaceError.NotFound, $"{from}: No such file or directory");
            if (from == DataLocalPath.Root)
            {
                throw new NamespaceException(NamespaceError.InvalidOperation, "/: the root directory cannot be moved");
            }
            var target = _store.Find(to);
            if (target is { IsDirectory: true })
            {
                to = DataLocalPath.Combine(to, DataLocalPath.Name(from));
                target = _store.Find(to);
            }
            if (target is not null)
            {
                throw new NamespaceException(NamespaceError.AlreadyExists, $"{to}: File exists");
            }
            if (DataLocalPath.IsSameOrDescendant(to, from))
            {
                throw new NamespaceException(NamespaceError.InvalidOperation, $"{from}: cannot move a directory into itself");
            }
            var parent = _store.Find(DataLocalPath.Parent(to));
            if (parent is null)
            {
                throw new NamespaceException(NamespaceError.NotFound, $"{DataLocalPath.Parent(to)}: No such file or directory");
            }
            if (!parent.IsDirectory)
            {
                throw new NamespaceException(NamespaceError.NotADirectory, $"{parent.Path}: Is not a directory");
            }
            var moved = node.IsDirectory ? _store.Subtree(from) : [node];
            var oldPaths = moved.Select(n => n.Path).ToList();
            foreach (var n in moved)
            {
                n.Path = to + n.Path[from.Length..];
                n.Parent = DataLocalPath.Parent(n.Path);
            }
            node.ModifiedUtc = _time.GetUtcNow().UtcDateTime;
            _store.Commit(oldPaths, moved);
        }
    }

    /// <summary>
    /// Sets the mode of <paramref name="path"/> (and everything under it when recursive) from a chmod
    /// mode, octal or symbolic, applied to each inode's own mode; returns how many inodes it changed.
    /// </summary>
    public int SetMode(string path, string mode, bool recursive)
    {
        PermissionBits.Validate(mode);
        return Change(path, recursive, node => node.Mode = PermissionBits.Apply(mode, node.Permission, node.IsDirectory));
    }

    /// <summary>Sets the owner and/or group (null leaves it) of <paramref name="path"/>, and of everything under it when recursive.</summary>
    public int SetOwner(string path, string? owner, string? group, bool recursive) => Change(path, recursive, node =>
    {
        node.Owner = owner ?? node.OwnerName;
        node.Group = group ?? node.GroupName;
    });

    /// <summary>Sets a file's replication and returns the file as changed; null (nothing changed) for a directory, as HDFS's setReplication.</summary>
    public INodeRecord? SetReplication(string path, int replication)
    {
        if (Get(path).IsDirectory)
        {
            return null;
        }
        Change(path, recursive: false, node => node.Replication = replication);
        return Get(path);
    }

    private int Change(string path, bool recursive, Action<INodeRecord> change)
    {
        var normalized = DataLocalPath.Normalize(path);
        lock (_lock)
        {
            var node = _store.Find(normalized)
                ?? throw new NamespaceException(NamespaceError.NotFound, $"{normalized}: No such file or directory");
            var nodes = recursive && node.IsDirectory ? _store.Subtree(normalized) : [node];
            foreach (var n in nodes)
            {
                change(n);
            }
            _store.Commit([], nodes);
            return nodes.Count;
        }
    }

    /// <summary>The directories to create for <paramref name="directory"/> to exist, deepest first, with the group of the nearest one that exists.</summary>
    private List<INodeRecord> MissingDirectories(string directory, string? owner)
    {
        var missing = new List<string>();
        var path = directory;
        INodeRecord? existing;
        for (; (existing = _store.Find(path)) is null; path = DataLocalPath.Parent(path))
        {
            missing.Add(path);
        }
        var group = existing.GroupName;
        return [.. missing.Select(p => NewDirectory(p, owner ?? Superuser.Name, group))];
    }

    /// <summary>The group of <paramref name="path"/>, or of its nearest ancestor that exists.</summary>
    private string GroupOfNearest(string path)
    {
        for (; ; path = DataLocalPath.Parent(path))
        {
            if (_store.Find(path) is { } node)
            {
                return node.GroupName;
            }
        }
    }

    // A new file belongs to its creator and takes its directory's group, as in HDFS (BSD's rule, not System V's).
    private static void SetNewFileOwnership(INodeRecord file, string? owner, string group)
    {
        file.Owner = owner ?? Superuser.Name;
        file.Group = group;
        file.Mode ??= PermissionBits.NewFile;
    }

    private INodeRecord NewDirectory(string path, string owner, string group) => new()
    {
        Path = path,
        Parent = path == DataLocalPath.Root ? string.Empty : DataLocalPath.Parent(path),
        IsDirectory = true,
        ModifiedUtc = _time.GetUtcNow().UtcDateTime,
        Owner = owner,
        Group = group,
        Mode = PermissionBits.NewDirectory,
    };
}

/// <summary>Counts and sizes of a subtree; <see cref="SpaceConsumed"/> counts every replica.</summary>
public sealed record ContentSummary(long Directories, long Files, long Length, long SpaceConsumed);
