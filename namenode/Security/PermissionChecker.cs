using DataLocal.Common.Paths;
using DataLocal.Common.Security;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Security;

/// <summary>
/// Every file-permission decision, in one place, after HDFS's FSPermissionChecker: execute (traverse)
/// on every directory above a path, then the access asked of the path itself, its parent or its
/// subtree. The owner's bits apply to the owner, the group's to members of the inode's group, the
/// others' to everyone else; admins (and cluster members) are superusers and are never refused.
/// Checks run before the namespace change they guard, so a chmod racing a call may let that one
/// call see the older mode, as a POSIX open racing a chmod may.
/// </summary>
public sealed class PermissionChecker(NamespaceManager namespaceManager, UserDirectory users)
{
    /// <summary>Traverse to <paramref name="path"/>, then <paramref name="access"/> on it when it exists.</summary>
    public void CheckAccess(CallerIdentity caller, string path, FsAction access)
    {
        if (caller.MayAdminister)
        {
            return;
        }
        var groups = users.GroupsOf(caller.Name);
        if (CheckTraverse(caller, groups, path) is { } node)
        {
            Check(caller, groups, node, access);
        }
    }

    /// <summary>Whether <see cref="CheckAccess"/> would let the call through, for grants that depend on it.</summary>
    public bool Allows(CallerIdentity caller, string path, FsAction access)
    {
        try
        {
            CheckAccess(caller, path, access);
            return true;
        }
        catch (PermissionDeniedException)
        {
            return false;
        }
    }

    /// <summary>Traverse to <paramref name="path"/> only: what describing a path (stat) needs.</summary>
    public void CheckTraverse(CallerIdentity caller, string path)
    {
        if (!caller.MayAdminister)
        {
            CheckTraverse(caller, users.GroupsOf(caller.Name), path);
        }
    }

    /// <summary>
    /// Traverse, then <paramref name="access"/> on the nearest existing directory above <paramref name="path"/>:
    /// what creating, deleting or moving a name needs (creating parents too needs write where the first one is made).
    /// </summary>
    public void CheckParent(CallerIdentity caller, string path, FsAction access)
    {
        var normalized = DataLocalPath.Normalize(path);
        if (caller.MayAdminister || normalized == DataLocalPath.Root)
        {
            return;
        }
        var groups = users.GroupsOf(caller.Name);
        var parent = DataLocalPath.Parent(normalized);
        INodeRecord? node;
        while ((node = namespaceManager.Find(parent)) is null)
        {
            parent = DataLocalPath.Parent(parent);
        }
        CheckTraverse(caller, groups, parent);
        if (node.IsDirectory)
        {
            Check(caller, groups, node, access);
        }
    }

    /// <summary><paramref name="access"/> on every directory at or below <paramref name="path"/> (deleting a tree empties each of them).</summary>
    public void CheckSubtreeDirectories(CallerIdentity caller, string path, FsAction access) =>
        CheckSubtree(caller, path, directories: access, files: FsAction.None);

    /// <summary><paramref name="directories"/> on every directory at or below <paramref name="path"/>, <paramref name="files"/> on every file.</summary>
    public void CheckSubtree(CallerIdentity caller, string path, FsAction directories, FsAction files)
    {
        if (caller.MayAdminister)
        {
            return;
        }
        var groups = users.GroupsOf(caller.Name);
        foreach (var node in Subtree(path, recursive: true))
        {
            Check(caller, groups, node, node.IsDirectory ? directories : files);
        }
    }

    /// <summary>Only the owner (or a superuser) may change an inode's mode or group, as in HDFS: of each inode changed.</summary>
    public void CheckOwner(CallerIdentity caller, string path, bool recursive)
    {
        if (caller.MayAdminister)
        {
            return;
        }
        var top = namespaceManager.Get(path);
        CheckTraverse(caller, users.GroupsOf(caller.Name), top.Path);
        foreach (var node in Subtree(top.Path, recursive))
        {
            if (node.OwnerName != caller.Name)
            {
                throw new PermissionDeniedException($"Permission denied: user={caller.Name} is not the owner of inode={Describe(node)}");
            }
        }
    }

    /// <summary>
    /// Changing an owner is for superusers only (it would let users escape quotas and give away files, as HDFS
    /// reasons); an owner may change the group to one they are a member of.
    /// </summary>
    public void CheckChangeOwner(CallerIdentity caller, string path, string? owner, string? group, bool recursive)
    {
        if (caller.MayAdminister)
        {
            return;
        }
        if (owner is not null)
        {
            throw new PermissionDeniedException($"Permission denied: changing the owner of {DataLocalPath.Normalize(path)} needs an admin, and user {caller.Name} is not one");
        }
        CheckOwner(caller, path, recursive);
        if (group is not null && !users.GroupsOf(caller.Name).Contains(group))
        {
            throw new PermissionDeniedException($"Permission denied: user={caller.Name} is not a member of group {group}");
        }
    }

    private IEnumerable<INodeRecord> Subtree(string path, bool recursive)
    {
        var pending = new Stack<INodeRecord>();
        if (namespaceManager.Find(path) is { } top)
        {
            pending.Push(top);
        }
        while (pending.TryPop(out var node))
        {
            yield return node;
            if (node.IsDirectory && recursive)
            {
                foreach (var child in namespaceManager.List(node.Path))
                {
                    pending.Push(child);
                }
            }
        }
    }

    private INodeRecord? CheckTraverse(CallerIdentity caller, IReadOnlySet<string> groups, string path)
    {
        var normalized = DataLocalPath.Normalize(path);
        var ancestors = new List<string>();
        for (var p = normalized; p != DataLocalPath.Root;)
        {
            p = DataLocalPath.Parent(p);
            ancestors.Add(p);
        }
        ancestors.Reverse();
        foreach (var ancestor in ancestors)
        {
            // Beyond a missing or non-directory ancestor the path names nothing; the operation says so itself.
            if (namespaceManager.Find(ancestor) is not { IsDirectory: true } directory)
            {
                return null;
            }
            Check(caller, groups, directory, FsAction.Execute);
        }
        return namespaceManager.Find(normalized);
    }

    private static void Check(CallerIdentity caller, IReadOnlySet<string> groups, INodeRecord node, FsAction access)
    {
        var mode = node.Permission;
        var bits = node.OwnerName == caller.Name ? mode >> 6 : groups.Contains(node.GroupName) ? mode >> 3 : mode;
        if ((bits & (int)access) != (int)access)
        {
            throw new PermissionDeniedException($"Permission denied: user={caller.Name}, access={PermissionBits.Name(access)}, inode={Describe(node)}");
        }
    }

    // HDFS's form: "/data":bob:supergroup:drwxr-xr-x
    private static string Describe(INodeRecord node) =>
        $"\"{node.Path}\":{node.OwnerName}:{node.GroupName}:{PermissionBits.Text(node.IsDirectory, node.Permission)}";
}

/// <summary>A file-system operation the caller's permissions do not allow; the message says which inode and which access, in HDFS's words.</summary>
public sealed class PermissionDeniedException(string message) : Exception(message);
