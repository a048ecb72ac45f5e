using DataLocal.Client;
using DataLocal.Common.Security;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Datanode;
using DataLocal.Testing;
using Grpc.Core;

namespace DataLocal.Tests.Security;

/// <summary>Admin commands need an admin; datanode services need the cluster secret; everything else any user.</summary>
public sealed class AdminAuthorizationTests(OneNodeClusterFixture fixture) : IClassFixture<OneNodeClusterFixture>
{
    private readonly InProcessCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task AdminCommands_ByUserWhoIsNotAdmin_ArePermissionDenied()
    {
        using var admin = _cluster.CreateClient();
        var token = await admin.AddUserAsync("alice-" + Guid.NewGuid().ToString("N")[..6], admin: false);
        using var channel = CredentialChannel.For(_cluster.NameNodeAddress, token);
        var adminService = new Admin.AdminClient(channel);
        var node = _cluster.BlockStoreOf(0).NodeId;

        var refused = new Func<Task>[]
        {
            () => adminService.DecommissionAsync(new DecommissionRequest { Node = node }).ResponseAsync,
            () => adminService.RecommissionAsync(new DecommissionRequest { Node = node }).ResponseAsync,
            () => adminService.SafeModeAsync(new SafeModeRequest { Action = "enter" }).ResponseAsync,
            () => adminService.SafeModeAsync(new SafeModeRequest { Action = "leave" }).ResponseAsync,
            () => adminService.AddUserAsync(new AddUserRequest { Name = "mallory", Admin = true }).ResponseAsync,
            () => adminService.ListUsersAsync(new ListUsersRequest()).ResponseAsync,
            () => adminService.RemoveUserAsync(new RemoveUserRequest { Name = "admin" }).ResponseAsync,
        };
        foreach (var call in refused)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.Contains("needs an admin", error.Status.Detail, StringComparison.Ordinal);
        }
        // Asking is not administering.
        Assert.False((await adminService.SafeModeAsync(new SafeModeRequest { Action = "get" })).On);
        Assert.DoesNotContain(await admin.ListUsersAsync(), u => u.Name == "mallory");
        Assert.Equal("normal", (await admin.GetClusterReportAsync()).Datanodes.Single().AdminState);
    }

    [Fact]
    public async Task DatanodeServices_ByUserEvenAdmin_ArePermissionDenied()
    {
        using var channel = CredentialChannel.For(_cluster.NameNodeAddress, _cluster.AdminToken);

        var register = await Assert.ThrowsAsync<RpcException>(() => new DatanodeNamenode.DatanodeNamenodeClient(channel)
            .RegisterAsync(new RegisterRequest { NodeId = "DN-impostor", Address = "http://127.0.0.1:1" }).ResponseAsync);
        var pull = await Assert.ThrowsAsync<RpcException>(() => new TaskExchange.TaskExchangeClient(channel)
            .PullTaskAsync(new PullTaskRequest { NodeId = "DN-impostor" }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, register.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, pull.StatusCode);
        Assert.Contains("for datanodes only", register.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserWhoIsNotAdmin_StoresAndReadsFiles_ThroughNamenodeAndDatanodes()
    {
        using var admin = _cluster.CreateClient();
        var name = "bob-" + Guid.NewGuid().ToString("N")[..6];
        using var bob = _cluster.CreateClient(await admin.AddUserAsync(name, admin: false));
        // As in HDFS, the root belongs to the superuser: an admin makes a user their directory.
        await admin.MkdirsAsync($"/{name}", parents: false);
        await admin.SetOwnerAsync($"/{name}", name, null);
        var source = TestData.Parquet("sort_columns.parquet");
        var copy = Path.Combine(Cluster.Files.TempDirectory(), "copy.parquet");

        await bob.PutAsync(source, $"/{name}/a.parquet");
        await bob.GetAsync($"/{name}/a.parquet", copy);

        Assert.Equal(Cluster.Files.Sha256(source), Cluster.Files.Sha256(copy));
    }

    [Fact]
    public async Task RemovedUser_IsUnauthenticated_AtTheNamenode()
    {
        using var admin = _cluster.CreateClient();
        var name = "carol-" + Guid.NewGuid().ToString("N")[..6];
        using var carol = _cluster.CreateClient(await admin.AddUserAsync(name, admin: false));
        await carol.ListAsync("/");

        await admin.RemoveUserAsync(name);

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => carol.ListAsync("/"));
        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await admin.ListUsersAsync(), u => u.Name == name);
    }

    [Fact]
    public async Task AddUser_NewAdmin_MayAddUsers()
    {
        using var admin = _cluster.CreateClient();
        using var second = _cluster.CreateClient(await admin.AddUserAsync("dave-" + Guid.NewGuid().ToString("N")[..6], admin: true));

        var token = await second.AddUserAsync("erin-" + Guid.NewGuid().ToString("N")[..6], admin: false);

        Assert.StartsWith("dlu_", token, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddUser_TakenOrInvalidName_IsRefusedInWords()
    {
        using var admin = _cluster.CreateClient();

        var taken = await Assert.ThrowsAnyAsync<DataLocalException>(() => admin.AddUserAsync("admin", admin: false));
        var invalid = await Assert.ThrowsAnyAsync<DataLocalException>(() => admin.AddUserAsync("../x", admin: false));

        Assert.Equal("user admin already exists", taken.Message);
        Assert.StartsWith("invalid user name '../x'", invalid.Message, StringComparison.Ordinal);
    }
}
