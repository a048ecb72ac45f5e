using DataLocal.Client.Writing;
using DataLocal.Testing;
using DataLocal.Tests;
using DataLocal.UiTests.Browser;

namespace DataLocal.UiTests.Pages;

/// <summary>The datanodes page on clusters of their own: a node that stopped, and one that registered a hostile id.</summary>
[Collection(WebUiTestGroup.Name)]
public sealed class NodeStatePagesTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task DatanodesPage_StoppedNode_ShownDeadWithNoCapacity()
    {
        Skip.If(Chromium.UnavailableReason is not null, Chromium.UnavailableReason);
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2);
        using var client = cluster.CreateClient();
        var stopped = cluster.DataNodes[1]!.NodeId;
        await cluster.StopDataNodeAsync(1);
        // The namenode declares it dead after its timeout (3 s here); the page is opened once it has.
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).Datanodes.Single(d => d.NodeId == stopped).State == "dead",
            "the stopped datanode declared dead");
        await using var ui = await browser.OpenAsync(cluster.NameNode.HttpAddress!, cluster.AdminToken);

        await ui.GoAsync("#/datanodes");

        var dead = ui.Page.Locator("tbody tr", new() { HasTextString = stopped });
        Assert.Equal("dead", await dead.GetAttributeAsync("class"));
        var cells = (await dead.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();
        Assert.Equal("dead", cells[3]);
        Assert.Equal("–", cells[4]); // its last capacity is no longer true
        var states = await ui.Page.Locator("tbody tr td:nth-child(4)").AllInnerTextsAsync();
        Assert.Equal(["dead", "live"], states.Select(s => s.Trim()).Order(StringComparer.Ordinal));
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task JobPage_LocalityMap_AfterAHolderDied_StillDrawsTheReplicasWhereTheyWereWhenTasksLaunched()
    {
        Skip.If(Chromium.UnavailableReason is not null, Chromium.UnavailableReason);
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        using var client = cluster.CreateClient();
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 1000, cluster.Root);
        await client.PutAsync(lineitem, "/map/lineitem.parquet", new PutOptions(BlockSize: 64 * 1024));
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync("/map/lineitem.parquet")).All(b => b.Replicas.Count == 2), "every block with its 2 replicas");
        var atLaunch = await client.GetBlocksAsync("/map/lineitem.parquet");
        var jobId = await client.Jobs.SubmitAsync("SELECT count(*), sum(l_quantity) FROM /map/lineitem.parquet");
        Assert.Equal("succeeded", (await client.Jobs.WaitAsync(jobId)).State);
        var gone = cluster.DataNodes[0]!.NodeId;
        await cluster.StopDataNodeAsync(0);
        await Eventually.TrueAsync(async () => (await client.GetBlocksAsync("/map/lineitem.parquet")).All(b => b.Replicas.All(r => r.NodeId != gone)),
            $"the replicas on {gone} forgotten once it is dead");
        await using var ui = await browser.OpenAsync(cluster.NameNode.HttpAddress!, cluster.AdminToken);

        await ui.GoAsync("#/jobs/" + jobId);

        var map = ui.Page.Locator("table.map");
        Assert.Equal(atLaunch.Sum(b => b.Replicas.Count), await map.Locator("td.replica").CountAsync());
        var goneRow = map.Locator("tbody tr", new() { HasTextString = gone });
        var heldThen = atLaunch.Count(b => b.Replicas.Any(r => r.NodeId == gone));
        Assert.True(heldThen > 0, $"{gone} held no block");
        Assert.Equal(heldThen, await goneRow.Locator("td.replica").CountAsync());
        Assert.Contains("replica at launch", await goneRow.Locator("td.replica").First.GetAttributeAsync("title") ?? string.Empty, StringComparison.Ordinal);
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task DatanodesPage_HostileNodeIdAndRack_ShownAsTextWithNoElementInjected()
    {
        Skip.If(Chromium.UnavailableReason is not null, Chromium.UnavailableReason);
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 0);
        const string id = "<img src=x onerror=alert(1)>";
        const string rack = "/r<script>alert(2)</script>";
        await cluster.RegisterBareDatanodeAsync(id, rack);
        await using var ui = await browser.OpenAsync(cluster.NameNode.HttpAddress!, cluster.AdminToken);

        await ui.GoAsync("#/datanodes");

        Assert.Equal(0, await ui.Page.Locator("img").CountAsync());
        Assert.Equal(1, await ui.Page.Locator("script").CountAsync()); // the page's own
        Assert.True(await ui.Page.GetByText(id, new() { Exact = true }).IsVisibleAsync(), "the id is not shown as text");
        Assert.True(await ui.Page.GetByText(rack, new() { Exact = true }).IsVisibleAsync(), "the rack is not shown as text");
        ui.AssertNoProblems(); // no alert() ran
        Assert.Empty(ui.ForeignRequests); // no <img src=x> was fetched
    }
}
