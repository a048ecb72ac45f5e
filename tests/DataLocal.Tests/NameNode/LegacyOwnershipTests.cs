using DataLocal.Common.Security;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Security;
using DataLocal.Tests.Cluster;
using LiteDB;

namespace DataLocal.Tests.NameNode;

/// <summary>
/// Metadata written before inodes had owners still loads: such inodes belong to the superuser and
/// "supergroup", with 755 for directories and 644 for files, and are checked as such.
/// </summary>
public sealed class LegacyOwnershipTests
{
    [Fact]
    public void InodesStoredWithoutOwnerGroupOrMode_LoadAsSuperusersWithDefaultModes()
    {
        var directory = Files.TempDirectory();
        using (var store = new MetadataStore(directory))
        {
            new NamespaceManager(store, TimeProvider.System).CommitFile(new INodeRecord { Path = "/old/f", Owner = "someone" }, overwrite: false);
        }
        StripOwnership(directory);

        using var reopened = new MetadataStore(directory);
        var ns = new NamespaceManager(reopened, TimeProvider.System);
        var dir = ns.Get("/old");
        var file = ns.Get("/old/f");

        Assert.Null(file.Owner);
        Assert.Equal(("admin", "supergroup", "drwxr-xr-x"), (dir.OwnerName, dir.GroupName, PermissionBits.Text(true, dir.Permission)));
        Assert.Equal(("admin", "supergroup", "-rw-r--r--"), (file.OwnerName, file.GroupName, PermissionBits.Text(false, file.Permission)));
        var users = new UserDirectory(reopened, TimeProvider.System);
        users.Add("alice", admin: false);
        var checker = new PermissionChecker(ns, users);
        var alice = new CallerIdentity("alice", IsAdmin: false, IsClusterMember: false);
        checker.CheckAccess(alice, "/old/f", FsAction.Read);
        var refused = Assert.Throws<PermissionDeniedException>(() => checker.CheckParent(alice, "/old/new", FsAction.Write));
        Assert.Equal("Permission denied: user=alice, access=WRITE, inode=\"/old\":admin:supergroup:drwxr-xr-x", refused.Message);
    }

    // What a namenode from before owners wrote: the same documents without the three fields.
    private static void StripOwnership(string directory)
    {
        using var database = new LiteDatabase($"Filename={Path.Combine(directory, MetadataStore.FileName)};Connection=direct");
        var inodes = database.GetCollection("namespace");
        foreach (var document in inodes.FindAll().ToList())
        {
            Assert.True(document.Remove("Owner") | document.Remove("Mode"));
            document.Remove("Group");
            inodes.Update(document);
        }
    }
}
