using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataLocal.DataNode.Transfer;
using DataLocal.NameNode.Http;
using DataLocal.Testing;
using DataLocal.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Integration;

/// <summary>The JSON API the web UI's pages are drawn from: overview, datanodes, browse and jobs.</summary>
[Collection(JobClusterDefinition.Name)]
public sealed class StatusApiTests(JobClusterFixture fixture)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Api => fixture.Cluster.NameNode.HttpAddress + "/api/v1";

    [Fact]
    public async Task Overview_CountsNodesFilesAndBlocks()
    {
        using var http = fixture.Cluster.CreateStatusClient();
        using var client = fixture.Cluster.CreateClient();

        var overview = (await http.GetFromJsonAsync<OverviewModel>(Api + "/overview", Json))!;

        Assert.Equal(6, overview.LiveNodes);
        Assert.Equal(0, overview.DeadNodes);
        Assert.False(overview.SafeMode);
        // Every file in the namespace: other tests of this cluster write outside /jobs (job outputs, directories of parts).
        Assert.Equal((await client.ListAsync("/", recursive: true)).Count(f => !f.IsDirectory), overview.Files);
        Assert.True(overview.Blocks > 0);
        Assert.True(overview.CapacityBytes >= overview.UsedBytes + overview.RemainingBytes - 1);
        Assert.False(string.IsNullOrEmpty(overview.Version));
    }

    [Fact]
    public async Task Files_AFile_ShowsItsBlocksWithRowGroupsStatisticsAndReplicaHolders()
    {
        using var http = fixture.Cluster.CreateStatusClient();
        using var client = fixture.Cluster.CreateClient();
        var locations = await client.GetBlocksAsync("/jobs/lineitem.parquet");

        var file = (await http.GetFromJsonAsync<PathModel>(Api + "/files?path=/jobs/lineitem.parquet", Json))!;

        Assert.False(file.Entry.IsDirectory);
        Assert.Equal(locations.Select(b => b.BlockId), file.Blocks.Select(b => b.BlockId));
        Assert.Equal(10000, file.Blocks.Sum(b => b.Rows));
        Assert.All(file.Blocks, b =>
        {
            Assert.True(b.RowGroups > 0);
            Assert.Equal(2, b.Replicas.Count);
            Assert.Contains(b.Columns, c => c.Column == "l_quantity" && c.Min is not null && c.Max is not null);
        });
        Assert.Equal(
            locations.Select(b => string.Join(",", b.Replicas.Select(r => r.Address).Order())),
            file.Blocks.Select(b => string.Join(",", b.Replicas.Select(r => r.Address).Order())));
    }

    [Fact]
    public async Task Files_ADirectory_ListsItsChildren_AnUnknownPathIs404()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        var directory = (await http.GetFromJsonAsync<PathModel>(Api + "/files?path=/jobs", Json))!;
        var missing = await http.GetAsync(Api + "/files?path=/no/such/path");

        Assert.True(directory.Entry.IsDirectory);
        Assert.Contains(directory.Children, c => c.Path == "/jobs/lineitem.parquet" && !c.IsDirectory && c.Blocks > 1);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no such file or directory", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_ShowsEveryAttemptWithNodeLocalityAndLaunchTime_AndWhereEachBlocksReplicasAre()
    {
        using var http = fixture.Cluster.CreateStatusClient();
        using var client = fixture.Cluster.CreateClient();
        var finished = await JobQueryTests.RunAsync(client, "SELECT count(*) FROM /jobs/lineitem.parquet WHERE l_quantity > 10");
        var tasks = await client.Jobs.GetTasksAsync(finished.JobId);

        var detail = (await http.GetFromJsonAsync<JobDetailModel>(Api + "/jobs/" + finished.JobId, Json))!;
        var list = (await http.GetFromJsonAsync<List<JobSummaryModel>>(Api + "/jobs", Json))!;

        Assert.Equal("succeeded", detail.Job.State);
        Assert.Equal(finished.TasksNodeLocal, detail.Job.NodeLocal);
        Assert.Equal(tasks.Count, detail.Attempts.Count);
        Assert.All(detail.Attempts, a =>
        {
            Assert.NotNull(a.Started);
            Assert.InRange(a.Started!.Value, detail.Job.Submitted.AddSeconds(-1), detail.Job.Finished!.Value.AddSeconds(1));
            Assert.Contains(a.NodeId, detail.Nodes);
        });
        Assert.Equal(detail.Attempts.Select(a => a.BlockId!.Value).Distinct().Order(), detail.Replicas.Select(r => r.BlockId).Order());
        // A NODE_LOCAL attempt ran on a node holding its block.
        Assert.All(detail.Attempts.Where(a => a.Locality == "NODE_LOCAL"), a =>
            Assert.Contains(a.NodeId, detail.Replicas.Single(r => r.BlockId == a.BlockId).Nodes));
        Assert.Contains(list, j => j.Id == finished.JobId && j.State == "succeeded");
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(Api + "/jobs/job_no_such")).StatusCode);
    }

    [Fact]
    public async Task Datanodes_BytesServed_TasksReadingTheirNodesDiskAreLocal_ReadsOverTheNetworkAreRemote()
    {
        using var http = fixture.Cluster.CreateStatusClient();
        using var client = fixture.Cluster.CreateClient();
        // From each datanode's own counters, not the API: what it reports is as old as its last heartbeat, and
        // bytes an earlier test of this cluster had just read would then count as this test's (a flaky failure).
        var before = ServedNow();

        var finished = await JobQueryTests.RunAsync(client, "SELECT count(*) FROM /jobs/lineitem.parquet WHERE l_quantity > 20");
        var tasks = await client.Jobs.GetTasksAsync(finished.JobId);
        using var sink = new MemoryStream();
        var read = await client.ReadToAsync("/jobs/lineitem.parquet", sink);

        // Each task's block was served once: by its own node's disk when it ran NODE_LOCAL, else over
        // the network by another node; the client's read came over the network too.
        var local = tasks.Sum(t => t.BytesLocal);
        var remote = tasks.Sum(t => t.BytesRemote) + read;
        Assert.True(local > 0, "no task read its own node's replica");
        (long Local, long Remote) served = default;
        await Eventually.TrueAsync(async () =>
        {
            var after = await ServedAsync(http);
            served = (after.Sum(n => n.Value.Local - before.GetValueOrDefault(n.Key).Local), after.Sum(n => n.Value.Remote - before.GetValueOrDefault(n.Key).Remote));
            return served == (local, remote);
        }, "the datanodes' heartbeats report the bytes they served");
        Assert.Equal((local, remote), served);
        // Served local by exactly the nodes the NODE_LOCAL tasks ran on.
        var after = await ServedAsync(http);
        foreach (var node in after.Keys)
        {
            Assert.Equal(tasks.Where(t => t.NodeId == node).Sum(t => t.BytesLocal), after[node].Local - before.GetValueOrDefault(node).Local);
        }
    }

    private Dictionary<string, (long Local, long Remote)> ServedNow()
    {
        var served = new Dictionary<string, (long Local, long Remote)>();
        for (var i = 0; i < fixture.Cluster.DataNodes.Count; i++)
        {
            if (fixture.Cluster.DataNodes[i] is { } node)
            {
                var counter = node.Services.GetRequiredService<TransferCounter>();
                served[fixture.Cluster.BlockStoreOf(i).NodeId] = (counter.BytesServedLocal, counter.BlockBytesSent);
            }
        }
        return served;
    }

    private async Task<Dictionary<string, (long Local, long Remote)>> ServedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<List<DatanodeModel>>(Api + "/datanodes", Json))!.ToDictionary(n => n.NodeId, n => (n.BytesServedLocal, n.BytesServedRemote));

    [Fact]
    public async Task Api_WithoutAToken_Is401()
    {
        using var anonymous = new HttpClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Api + "/overview")).StatusCode);
    }
}
