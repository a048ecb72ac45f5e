using System.Net.Http.Json;
using System.Text.Json;
using DataLocal.Client.Writing;
using DataLocal.NameNode.Http;
using DataLocal.Testing;
using DataLocal.Tests.Jobs;

namespace DataLocal.Tests.Integration;

/// <summary>
/// The job page's locality map draws where each block's replicas were when its task launched (what
/// the task's locality was judged against), not where they are when the page is looked at.
/// </summary>
public sealed class JobLocalityMapTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task JobDetail_Replicas_AreTheHoldersWhenEachTaskLaunched_NotWhereTheyAreAfterAHolderDied()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        using var client = cluster.CreateClient();
        using var http = cluster.CreateStatusClient();
        var (jobId, atLaunch) = await RunJobOverStoredFileAsync(cluster);
        var gone = cluster.DataNodes[0]!.NodeId;

        // A holder dies: the namenode forgets its replicas, so where they are now is not where they were.
        await cluster.StopDataNodeAsync(0);
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync(FilePath)).All(b => b.Replicas.All(r => r.NodeId != gone)),
            $"the replicas on {gone} forgotten once it is dead");
        var detail = (await http.GetFromJsonAsync<JobDetailModel>(cluster.NameNode.HttpAddress + "/api/v1/jobs/" + jobId, Json))!;

        Assert.Contains(atLaunch.Values, holders => holders.Contains(gone));
        Assert.Equal(atLaunch.Keys.Order(), detail.Replicas.Select(r => r.BlockId).Order());
        Assert.All(detail.Replicas, r =>
        {
            Assert.True(r.AtLaunch, $"block {r.BlockId} is drawn where it is now");
            Assert.Equal(atLaunch[r.BlockId], r.Nodes.Order(StringComparer.Ordinal));
        });
        Assert.All(detail.Attempts, a => Assert.Equal(atLaunch[a.BlockId!.Value], a.ReplicasAtLaunch.Order(StringComparer.Ordinal)));
    }

    public const string FilePath = "/map/lineitem.parquet";

    /// <summary>Stores lineitem in several 64 KB blocks and runs a job over it; returns the job and each block's holders at that time.</summary>
    public static async Task<(string JobId, Dictionary<long, List<string>> Holders)> RunJobOverStoredFileAsync(InProcessCluster cluster)
    {
        using var client = cluster.CreateClient();
        var work = Path.Combine(cluster.Root, "work");
        Directory.CreateDirectory(work);
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 1000, work);
        await client.PutAsync(lineitem, FilePath, new PutOptions(BlockSize: 64 * 1024));
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync(FilePath)).All(b => b.Replicas.Count == 2), "every block with its 2 replicas");
        var holders = (await client.GetBlocksAsync(FilePath)).ToDictionary(b => b.BlockId, b => b.Replicas.Select(r => r.NodeId).Order(StringComparer.Ordinal).ToList());
        var finished = await JobQueryTests.RunAsync(client, $"SELECT count(*), sum(l_quantity) FROM {FilePath}");
        return (finished.JobId, holders);
    }
}
