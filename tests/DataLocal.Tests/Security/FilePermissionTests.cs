using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Testing;
using Grpc.Core;

namespace DataLocal.Tests.Security;

/// <summary>
/// Files and directories have an owner, a group and POSIX bits, checked as HDFS checks them: users who
/// are not admins are held to them, with one HDFS-shaped line naming the user, the access and the inode.
/// </summary>
public sealed class FilePermissionTests(OneNodeClusterFixture fixture) : IClassFixture<OneNodeClusterFixture>, IDisposable
{
    private readonly InProcessCluster _cluster = fixture.Cluster;
    private readonly List<DataLocalClient> _clients = [];

    public void Dispose() => _clients.ForEach(c => c.Dispose());

    [Fact]
    public async Task NonOwner_OfMode700Directory_CannotListReadDeleteOrOverwrite()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");
        var (bob, bobName) = await NewUserAsync("bob");
        // The directory holding it is open to all, so only the 700 directory itself stands in bob's way.
        var dir = $"{aliceHome}/open/private";
        await alice.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{dir}/a.parquet");
        await alice.SetPermissionAsync($"{aliceHome}/open", "777");
        await alice.SetPermissionAsync(dir, "700");
        var inode = $"inode=\"{dir}\":{aliceHome[1..]}:supergroup:drwx------";

        var list = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.ListAsync(dir));
        var read = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.GetAsync($"{dir}/a.parquet", LocalCopy()));
        var delete = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.DeleteAsync(dir, recursive: true));
        var overwrite = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            bob.PutAsync(TestData.Parquet("userdata1.parquet"), $"{dir}/a.parquet", new Client.Writing.PutOptions(Overwrite: true)));

        Assert.Equal($"Permission denied: user={bobName}, access=READ_EXECUTE, {inode}", list.Message);
        Assert.Equal($"Permission denied: user={bobName}, access=EXECUTE, {inode}", read.Message);
        Assert.Equal($"Permission denied: user={bobName}, access=ALL, {inode}", delete.Message);
        Assert.Equal($"Permission denied: user={bobName}, access=WRITE, {inode}", overwrite.Message);
        Assert.All([list, read, delete, overwrite], e => Assert.Equal(StatusCode.PermissionDenied, ((RpcException)e.InnerException!).StatusCode));
        // Nothing changed, and the owner still reads it.
        var copy = LocalCopy();
        await alice.GetAsync($"{dir}/a.parquet", copy);
        Assert.Equal(Cluster.Files.Sha256(TestData.Parquet("sort_columns.parquet")), Cluster.Files.Sha256(copy));
    }

    [Fact]
    public async Task NonAdmin_CreatingUnderRoot_IsRefusedWithHdfsLine()
    {
        var (bob, bobName) = await NewUserAsync("bob");

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.MkdirsAsync($"/{bobName}", parents: false));

        Assert.Equal($"Permission denied: user={bobName}, access=WRITE, inode=\"/\":admin:supergroup:drwxr-xr-x", refused.Message);
    }

    [Fact]
    public async Task MkdirParents_OfDirectoryThatExists_NeedsNoWriteAbove()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");

        await alice.MkdirsAsync(aliceHome, parents: true);
        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.MkdirsAsync(aliceHome + "-sibling", parents: true));

        Assert.StartsWith($"Permission denied: user={aliceHome[1..]}, access=WRITE, inode=\"/\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewFilesAndDirectories_AreOwnedByCreator_WithParentsGroupAndModes644And755()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");

        await alice.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{aliceHome}/made/by/put.parquet");
        var directory = await alice.StatAsync($"{aliceHome}/made/by");
        var file = await alice.StatAsync($"{aliceHome}/made/by/put.parquet");

        Assert.Equal((aliceHome[1..], "supergroup", 0x1ED), (directory!.Owner, directory.Group, directory.Permission));
        Assert.Equal((aliceHome[1..], "supergroup", 0x1A4), (file!.Owner, file.Group, file.Permission));
        Assert.Equal("-rw-r--r--", file.PermissionText);
    }

    [Fact]
    public async Task Chmod_ByOwner_ChangesWhatOthersMayDo()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");
        var (bob, bobName) = await NewUserAsync("bob");
        await alice.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{aliceHome}/shared/a.parquet");
        await alice.SetPermissionAsync($"{aliceHome}/shared", "700");
        await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.ListAsync($"{aliceHome}/shared"));

        await alice.SetPermissionAsync($"{aliceHome}/shared", "go+rx");
        Assert.Single(await bob.ListAsync($"{aliceHome}/shared"));
        var delete = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.DeleteAsync($"{aliceHome}/shared/a.parquet", recursive: false));
        Assert.StartsWith($"Permission denied: user={bobName}, access=WRITE, inode=\"{aliceHome}/shared\"", delete.Message, StringComparison.Ordinal);

        await alice.SetPermissionAsync($"{aliceHome}/shared", "777");
        await bob.DeleteAsync($"{aliceHome}/shared/a.parquet", recursive: false);
        Assert.Empty(await alice.ListAsync($"{aliceHome}/shared"));
    }

    [Fact]
    public async Task Chmod_ByNonOwner_IsRefused()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");
        var (bob, bobName) = await NewUserAsync("bob");
        await alice.MkdirsAsync($"{aliceHome}/d", parents: false);

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.SetPermissionAsync($"{aliceHome}/d", "777"));

        Assert.StartsWith($"Permission denied: user={bobName} is not the owner of inode=\"{aliceHome}/d\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0x1ED, (await alice.StatAsync($"{aliceHome}/d"))!.Permission);
    }

    [Fact]
    public async Task Chown_ByNonAdmin_IsRefused_ByAdmin_MovesOwnership()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");
        var (bob, bobName) = await NewUserAsync("bob");
        using var admin = _cluster.CreateClient();
        await alice.MkdirsAsync($"{aliceHome}/gift", parents: false);

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.SetOwnerAsync($"{aliceHome}/gift", bobName, null));
        Assert.Equal($"Permission denied: changing the owner of {aliceHome}/gift needs an admin, and user {aliceHome[1..]} is not one", refused.Message);
        Assert.Equal(StatusCode.PermissionDenied, ((RpcException)refused.InnerException!).StatusCode);

        await admin.SetOwnerAsync($"{aliceHome}/gift", bobName, null);
        await bob.SetPermissionAsync($"{aliceHome}/gift", "700");
        await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.SetPermissionAsync($"{aliceHome}/gift", "755"));
        Assert.Equal((bobName, 0x1C0), ((await admin.StatAsync($"{aliceHome}/gift"))!.Owner, (await admin.StatAsync($"{aliceHome}/gift"))!.Permission));
    }

    [Fact]
    public async Task Chgrp_ToGroupOwnerIsIn_GivesItsMembersTheGroupBits()
    {
        var group = "analysts-" + Guid.NewGuid().ToString("N")[..6];
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice", group);
        var (carol, _) = await NewUserAsync("carol", group);
        var (bob, _) = await NewUserAsync("bob");
        await alice.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{aliceHome}/team/a.parquet");

        await alice.SetOwnerAsync($"{aliceHome}/team", null, group, recursive: true);
        await alice.SetPermissionAsync($"{aliceHome}/team", "750");

        Assert.Single(await carol.ListAsync($"{aliceHome}/team"));
        await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.ListAsync($"{aliceHome}/team"));
        Assert.Equal(group, (await alice.StatAsync($"{aliceHome}/team/a.parquet"))!.Group);
        var notMember = await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.SetOwnerAsync($"{aliceHome}/team", null, "other-group"));
        Assert.Equal($"Permission denied: user={aliceHome[1..]} is not a member of group other-group", notMember.Message);
    }

    [Fact]
    public async Task Ls_ShowsOwnerGroupAndMode_InHdfsColumns()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");
        await alice.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{aliceHome}/ls/a.parquet");
        await alice.SetPermissionAsync($"{aliceHome}/ls/a.parquet", "640");

        var lines = ListingFormatter.Format(await alice.ListAsync($"{aliceHome}/ls"), humanReadable: false).ToList();

        Assert.Matches($@"^-rw-r-----   1 {aliceHome[1..]} supergroup 1361 \d{{4}}-\d\d-\d\d \d\d:\d\d {aliceHome}/ls/a\.parquet$", Assert.Single(lines));
    }

    [Fact]
    public async Task JobOutput_IsOwnedByItsSubmitter_AndItsResultReadableOnlyByThemOrAdmins()
    {
        var (alice, aliceHome) = await NewUserWithHomeAsync("alice");
        var (bob, bobName) = await NewUserAsync("bob");
        using var admin = _cluster.CreateClient();
        await alice.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{aliceHome}/in.parquet");

        var id = await alice.Jobs.SubmitAsync($"SELECT * FROM {aliceHome}/in.parquet", new JobOptions(OutputPath: $"{aliceHome}/out"));
        var job = await alice.Jobs.WaitAsync(id).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(job.State == "succeeded", job.Error);
        Assert.Equal(aliceHome[1..], job.User);
        Assert.All(await alice.ListAsync($"{aliceHome}/out"), e => Assert.Equal(aliceHome[1..], e.Owner));
        Assert.Equal(aliceHome[1..], (await alice.StatAsync($"{aliceHome}/out"))!.Owner);
        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.Jobs.ReadResultAsync(id));
        Assert.Equal($"Permission denied: user={bobName} may not read the result of {id}, submitted by {aliceHome[1..]}; only its submitter or an admin may", refused.Message);
        Assert.Empty((await bob.Jobs.GetAsync(id)).Rows);
        Assert.NotEmpty((await admin.Jobs.ReadResultAsync(id)).Rows);
    }

    private async Task<(DataLocalClient Client, string Name)> NewUserAsync(string prefix, params string[] groups)
    {
        using var admin = _cluster.CreateClient();
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        var client = _cluster.CreateClient(await admin.AddUserAsync(name, admin: false, groups));
        _clients.Add(client);
        return (client, name);
    }

    /// <summary>A new user and their directory /NAME, made and given to them by an admin as in HDFS.</summary>
    private async Task<(DataLocalClient Client, string Home)> NewUserWithHomeAsync(string prefix, params string[] groups)
    {
        var (client, name) = await NewUserAsync(prefix, groups);
        using var admin = _cluster.CreateClient();
        await admin.MkdirsAsync($"/{name}", parents: false);
        await admin.SetOwnerAsync($"/{name}", name, null);
        return (client, $"/{name}");
    }

    private static string LocalCopy() => Path.Combine(Cluster.Files.TempDirectory(), "copy.parquet");
}
