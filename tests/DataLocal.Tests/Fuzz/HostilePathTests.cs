using DataLocal.Client;
using DataLocal.Common.Security;
using DataLocal.Protocol.Client;
using DataLocal.Testing;
using DataLocal.Tests.Cluster;
using Grpc.Core;

namespace DataLocal.Tests.Fuzz;

/// <summary>
/// Every hostile path (<see cref="HostilePaths"/>) on every path-bearing call, through the library and
/// straight through the gRPC contract (so the namenode's own check is reached, not only the client's):
/// each is done or refused with one clear line, nothing is created or removed outside the attacker's
/// own directory, no file in a data directory is named from a user string, and the cluster keeps serving.
/// </summary>
public sealed class HostilePathTests
{
    private static readonly StatusCode[] Refusals =
        [StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.PermissionDenied, StatusCode.AlreadyExists, StatusCode.FailedPrecondition];

    [Fact]
    public async Task EveryPathBearingCall_HostilePaths_DoneOrRefusedWithOneLine_NothingOutsideTheCallersDirectoryChanges()
    {
        var paths = HostilePaths.All();
        Assert.True(paths.Count >= 200, $"{paths.Count} hostile paths");
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 1);
        using var admin = cluster.CreateClient();
        var local = TestData.Parquet("sort_columns.parquet");
        await admin.PutAsync(local, "/victim/secret.parquet");
        await admin.MkdirsAsync("/mallory", parents: true);
        await admin.SetOwnerAsync("/mallory", "mallory", null);
        using var mallory = cluster.CreateClient(await admin.AddUserAsync("mallory", admin: false));
        using var channel = CredentialChannel.For(cluster.NameNodeAddress, await admin.AddUserAsync("mallory2", admin: false));
        var raw = new ClientNamenode.ClientNamenodeClient(channel);
        var before = await TreeAsync(admin);

        foreach (var path in paths)
        {
            await LibraryCallsAsync(mallory, path, local);
            await RawCallsAsync(raw, path);
        }

        var after = await TreeAsync(admin);
        Assert.Equal(before.Where(p => !p.StartsWith("/mallory/", StringComparison.Ordinal)), after.Where(p => !p.StartsWith("/mallory/", StringComparison.Ordinal)));
        Assert.Equal(await File.ReadAllBytesAsync(local), await ReadAsync(admin, "/victim/secret.parquet"));
        foreach (var directory in Enumerable.Range(0, 2).Select(cluster.DataNodeDirectory).Append(Path.Combine(cluster.Root, "namenode")))
        {
            Assert.All(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName),
                name => Assert.Matches(@"^(blk_-?\d+(_\d+)?(\.meta)?|[\w.\-]+)$", name!));
        }
    }

    private static async Task LibraryCallsAsync(DataLocalClient client, string path, string local)
    {
        await OneLineAsync(path, () => client.MkdirsAsync(path, parents: true));
        await OneLineAsync(path, () => client.StatAsync(path));
        await OneLineAsync(path, () => client.ListAsync(path));
        await OneLineAsync(path, () => client.PutAsync(local, path));
        await OneLineAsync(path, () => client.GetBlocksAsync(path));
        await OneLineAsync(path, () => client.FsckAsync(path));
        await OneLineAsync(path, () => client.SetPermissionAsync(path, "777"));
        await OneLineAsync(path, () => client.RenameAsync(path, "/mallory/renamed"));
        await OneLineAsync(path, () => client.DeleteAsync(path, recursive: true));
        await OneLineAsync(path, () => client.Jobs.SubmitAsync($"SELECT count(*) FROM {path}"));
    }

    private static async Task RawCallsAsync(ClientNamenode.ClientNamenodeClient raw, string path)
    {
        await RefusedOrDoneAsync(path, async () => await raw.MkdirsAsync(new MkdirsRequest { Path = path, Parents = true }));
        await RefusedOrDoneAsync(path, async () => await raw.GetFileInfoAsync(new PathRequest { Path = path }));
        await RefusedOrDoneAsync(path, async () => await raw.ListStatusAsync(new ListStatusRequest { Path = path }));
        await RefusedOrDoneAsync(path, async () => await raw.CreateFileAsync(new CreateFileRequest { Path = path, ClientName = "fuzz" }));
        await RefusedOrDoneAsync(path, async () => await raw.GetBlockLocationsAsync(new PathRequest { Path = path }));
        await RefusedOrDoneAsync(path, async () => await raw.FsckAsync(new PathRequest { Path = path }));
        await RefusedOrDoneAsync(path, async () => await raw.SetPermissionAsync(new SetPermissionRequest { Path = path, Mode = "777" }));
        await RefusedOrDoneAsync(path, async () => await raw.RenameAsync(new RenameRequest { Source = "/victim/secret.parquet", Destination = path }));
        await RefusedOrDoneAsync(path, async () => await raw.RenameAsync(new RenameRequest { Source = path, Destination = "/mallory/x" }));
        await RefusedOrDoneAsync(path, async () => await raw.DeleteAsync(new DeleteRequest { Path = path, Recursive = true }));
    }

    private static async Task OneLineAsync(string path, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is DataLocalException or DataLocal.Common.Paths.InvalidPathException)
        {
            Assert.False(ex.Message.Contains('\n', StringComparison.Ordinal) || ex.Message.Contains("   at ", StringComparison.Ordinal), $"{Shown(path)}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{Shown(path)}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task RefusedOrDoneAsync(string path, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            Assert.True(Refusals.Contains(ex.StatusCode), $"{Shown(path)}: {ex.StatusCode}: {ex.Status.Detail}");
            Assert.DoesNotContain('\n', ex.Status.Detail);
        }
    }

    private static async Task<List<string>> TreeAsync(DataLocalClient admin) =>
        [.. (await admin.ListAsync("/", recursive: true)).Select(e => e.Path).Order(StringComparer.Ordinal)];

    private static async Task<byte[]> ReadAsync(DataLocalClient client, string path)
    {
        using var copy = new MemoryStream();
        await client.ReadToAsync(path, copy);
        return copy.ToArray();
    }

    private static string Shown(string path) => DataLocal.Common.Paths.DataLocalPath.Shown(path);
}
