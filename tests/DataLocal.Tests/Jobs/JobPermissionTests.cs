using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Testing;
using Grpc.Core;

namespace DataLocal.Tests.Jobs;

/// <summary>A cluster whose datanode has no task slots, so submitted jobs stay running until killed; at most 2 per user.</summary>
public sealed class PendingJobsClusterFixture : IAsyncLifetime
{
    public const int PerUserLimit = 2;

    public InProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1,
            configureNameNode: o => o.MaxRunningJobsPerUser = PerUserLimit, configureDataNode: o => o.TaskSlots = 0);
        using var admin = Cluster.CreateClient();
        await admin.PutAsync(TestData.Parquet("sort_columns.parquet"), "/public/s.parquet");
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// A job runs with its submitter's rights: it reads only what they may read, writes its output only where
/// they may write (both checked at submit), and only they or an admin may kill it. Each user runs at most
/// --max-running-jobs-per-user jobs at once.
/// </summary>
public sealed class JobPermissionTests(PendingJobsClusterFixture fixture) : IClassFixture<PendingJobsClusterFixture>, IDisposable
{
    private readonly InProcessCluster _cluster = fixture.Cluster;
    private readonly DataLocalClient _admin = fixture.Cluster.CreateClient();
    private readonly List<DataLocalClient> _clients = [];

    public void Dispose()
    {
        _clients.ForEach(c => c.Dispose());
        _admin.Dispose();
    }

    [Fact]
    public async Task Submit_InputTheSubmitterMayNotRead_IsRefusedNamingFrom()
    {
        var (alice, aliceName) = await NewUserAsync("alice");
        var dir = "/secret-" + Guid.NewGuid().ToString("N")[..6];
        await _admin.PutAsync(TestData.Parquet("sort_columns.parquet"), $"{dir}/s.parquet");
        await _admin.SetPermissionAsync($"{dir}/s.parquet", "600");

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.Jobs.SubmitAsync($"SELECT count(*) FROM {dir}/s.parquet"));
        var refusedDirectory = await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.Jobs.SubmitAsync($"SELECT count(*) FROM {dir}"));

        Assert.Equal($"FROM {dir}/s.parquet: Permission denied: user={aliceName}, access=READ, inode=\"{dir}/s.parquet\":admin:supergroup:-rw-------", refused.Message);
        Assert.StartsWith($"FROM {dir}: Permission denied: user={aliceName}, access=READ", refusedDirectory.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, ((RpcException)refused.InnerException!).StatusCode);
        Assert.DoesNotContain(await _admin.Jobs.ListAsync(), j => j.User == aliceName);
    }

    [Fact]
    public async Task Submit_OutputWhereTheSubmitterMayNotWrite_IsRefusedNamingOutput()
    {
        var (alice, aliceName) = await NewUserAsync("alice");

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            alice.Jobs.SubmitAsync("SELECT * FROM /public/s.parquet", new JobOptions(OutputPath: "/public/out")));

        Assert.Equal($"--output /public/out: Permission denied: user={aliceName}, access=WRITE, inode=\"/public\":admin:supergroup:drwxr-xr-x", refused.Message);
        Assert.Null(await _admin.StatAsync("/public/out"));
    }

    [Fact]
    public async Task Kill_ByAnotherUser_IsRefused_BySubmitterOrAdmin_Allowed()
    {
        var (alice, aliceName) = await NewUserAsync("alice");
        var (bob, bobName) = await NewUserAsync("bob");
        var first = await alice.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet");
        var second = await alice.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet");

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => bob.Jobs.KillAsync(first));
        Assert.Equal($"Permission denied: user={bobName} may not kill {first}, submitted by {aliceName}; only its submitter or an admin may", refused.Message);
        Assert.Equal(StatusCode.PermissionDenied, ((RpcException)refused.InnerException!).StatusCode);
        Assert.Equal("running", (await alice.Jobs.GetAsync(first)).State);

        Assert.Equal("killed", (await alice.Jobs.KillAsync(first)).State);
        Assert.Equal("killed", (await _admin.Jobs.KillAsync(second)).State);
    }

    [Fact]
    public async Task Submit_BeyondMaxRunningJobsPerUser_IsRefusedNamingTheSetting_OtherUsersStillSubmit()
    {
        var (alice, aliceName) = await NewUserAsync("alice");
        var (bob, _) = await NewUserAsync("bob");
        var jobs = new List<string>();
        for (var i = 0; i < PendingJobsClusterFixture.PerUserLimit; i++)
        {
            jobs.Add(await alice.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet"));
        }

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => alice.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet"));
        var bobs = await bob.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet");

        Assert.Equal($"user {aliceName} is already running 2 jobs, as many as namenode --max-running-jobs-per-user 2 allows; submit again when one ends, or stop one with `datalocal job kill JOB`", refused.Message);
        Assert.Equal(StatusCode.ResourceExhausted, ((RpcException)refused.InnerException!).StatusCode);
        await alice.Jobs.KillAsync(jobs[0]);
        jobs.Add(await alice.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet"));
        foreach (var id in jobs.Append(bobs))
        {
            await _admin.Jobs.KillAsync(id);
        }
    }

    [Fact]
    public async Task JobStatusAndList_ShowTheSubmitter()
    {
        var (alice, aliceName) = await NewUserAsync("alice");

        var id = await alice.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /public/s.parquet");
        var status = await alice.Jobs.GetAsync(id);
        var listed = (await _admin.Jobs.ListAsync()).Single(j => j.JobId == id);
        await alice.Jobs.KillAsync(id);

        Assert.Equal((aliceName, aliceName), (status.User, listed.User));
    }

    private async Task<(DataLocalClient Client, string Name)> NewUserAsync(string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        var client = _cluster.CreateClient(await _admin.AddUserAsync(name, admin: false));
        _clients.Add(client);
        return (client, name);
    }
}
