using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// Admission control seen from a client: a job past its timeout fails naming the setting, and a
/// submit beyond --max-running-jobs is refused with one line. The datanode has no task slots, so a
/// job runs (pending) until something ends it.
/// </summary>
public sealed class JobAdmissionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Job_StillRunningPastItsSubmitTimeout_FailsNamingTheSetting()
    {
        await using var cluster = await StartWithoutSlotsAsync();
        using var client = cluster.CreateClient();

        var id = await client.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /s.parquet", new JobOptions(Timeout: TimeSpan.FromSeconds(1)));
        var job = await client.Jobs.WaitAsync(id).WaitAsync(Timeout);

        Assert.Equal("failed", job.State);
        Assert.StartsWith("timed out after 1 s (job submit --timeout)", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_BeyondMaxRunningJobs_RefusedWithOneLineUntilOneEnds()
    {
        await using var cluster = await StartWithoutSlotsAsync(o => o.MaxRunningJobs = 1);
        using var client = cluster.CreateClient();
        var first = await client.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /s.parquet");

        var refused = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /s.parquet"));

        Assert.Equal("the cluster is already running 1 job, as many as namenode --max-running-jobs 1 allows; submit again when one ends, or stop one with `datalocal job kill JOB`", refused.Message);
        await client.Jobs.KillAsync(first);
        Assert.NotEmpty(await client.Jobs.SubmitAsync("SELECT count(*), sum(a) FROM /s.parquet"));
    }

    /// <summary>A cluster whose one datanode runs no task: a job submitted to it stays running until something ends it.</summary>
    internal static async Task<InProcessCluster> StartWithoutSlotsAsync(Action<DataLocal.NameNode.NameNodeOptions>? configure = null)
    {
        var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1, configureNameNode: configure, configureDataNode: o => o.TaskSlots = 0);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("sort_columns.parquet"), "/s.parquet");
        return cluster;
    }
}
