using DataLocal.Client;
using DataLocal.Tests.Query;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// A representative subset of the hostile corpus as real jobs: each is answered as DuckDB answers or refused
/// at submit with one clear line, within a timeout, and the cluster still answers afterwards.
/// </summary>
[Collection(JobClusterDefinition.Name)]
public sealed class HostileQueryJobTests(JobClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Names() => HostileQueries.ClusterNames();

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Job_HostileQuery_AnsweredOrRefusedInTimeAndClusterStaysUp(string name)
    {
        var query = HostileQueries.Get(name);
        using var client = fixture.Cluster.CreateClient();

        if (query.RefusedBecause is { } because)
        {
            var error = await Assert.ThrowsAnyAsync<DataLocalException>(() => client.Jobs.SubmitAsync(query.Sql).WaitAsync(Timeout));
            Assert.Contains(because, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        else
        {
            var job = await JobQueryTests.RunAsync(client, query.Sql).WaitAsync(Timeout);
            Assert.True(job.State == "succeeded", job.Error);
            Assert.Equal(query.Expected, JobQueryTests.Format(job));
        }
        Assert.NotEmpty(await client.ListAsync("/jobs").WaitAsync(Timeout));
    }
}
