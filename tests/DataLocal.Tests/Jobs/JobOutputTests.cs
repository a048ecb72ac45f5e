using DataLocal.Client;
using DataLocal.Client.Jobs;

namespace DataLocal.Tests.Jobs;

/// <summary>--output writes each task's selected rows as a Parquet part file into the cluster, first replica on the task's node.</summary>
[Collection(JobClusterDefinition.Name)]
public sealed class JobOutputTests(JobClusterFixture fixture)
{
    [Fact]
    public async Task Job_WithOutput_WritesPartsHeldByTheirWritersThatAJobCanReadBack()
    {
        using var client = fixture.Cluster.CreateClient();

        var write = await JobQueryTests.RunAsync(client, "SELECT l_orderkey, l_quantity, l_shipmode FROM /jobs/lineitem.parquet WHERE l_shipmode = 'AIR'",
            new JobOptions(OutputPath: "/results/air"));

        Assert.Equal("succeeded", write.State);
        var listing = await client.ListAsync("/results/air");
        Assert.Contains(listing, f => f.Path == "/results/air/_SUCCESS" && f.Length == 0);
        var parts = listing.Where(f => f.Path != "/results/air/_SUCCESS").ToList();
        Assert.NotEmpty(parts);
        Assert.All(parts, p => Assert.True(p.IsParquet));
        Assert.Equal(1414, parts.Sum(p => p.RowCount));
        var attempts = (await client.Jobs.GetTasksAsync(write.JobId)).Where(a => a.Outcome == "succeeded").ToDictionary(a => a.TaskIndex);
        foreach (var part in parts)
        {
            var taskIndex = int.Parse(part.Path[^13..^8], System.Globalization.CultureInfo.InvariantCulture);
            var block = Assert.Single(await client.GetBlocksAsync(part.Path));
            Assert.Contains(block.Replicas, r => r.NodeId == attempts[taskIndex].NodeId);
        }

        var readBack = await JobQueryTests.RunAsync(client, "SELECT count(*), sum(l_quantity) FROM /results/air");
        Assert.Equal(JobQueryTests.Format(await JobQueryTests.RunAsync(client, "SELECT count(*), sum(l_quantity) FROM /jobs/lineitem.parquet WHERE l_shipmode = 'AIR'")), JobQueryTests.Format(readBack));
    }

    [Fact]
    public async Task Submit_OutputPathExists_ClearError()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.MkdirsAsync("/results/taken", parents: true);

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.Jobs.SubmitAsync("SELECT l_orderkey FROM /jobs/lineitem.parquet", new JobOptions(OutputPath: "/results/taken")));

        Assert.Contains("/results/taken: File exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AggregateWithOutput_ClearError()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAnyAsync<DataLocalException>(() =>
            client.Jobs.SubmitAsync("SELECT count(*) FROM /jobs/lineitem.parquet", new JobOptions(OutputPath: "/results/agg")));

        Assert.Contains("aggregate", error.Message, StringComparison.Ordinal);
    }
}
