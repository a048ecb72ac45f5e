using System.Net.Http.Json;
using DataLocal.Testing;
using DataLocal.UiTests.Browser;
using Microsoft.Playwright;

namespace DataLocal.UiTests.Pages;

/// <summary>The pages, drawn in Chromium, show what the cluster's client API says: nodes, blocks and replicas, tasks and their locality.</summary>
[Collection(WebUiTestGroup.Name)]
public sealed class ClusterPagesTests(BrowserFixture browser, UiClusterFixture cluster)
{
    [SkippableFact]
    public async Task OverviewPage_ShowsLiveNodesFilesAndBlocks()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var blocks = await client.GetBlocksAsync(UiClusterFixture.FilePath);

        await ui.GoAsync("#/");

        Assert.Equal("3", await CardAsync(ui, "Live datanodes"));
        Assert.Equal("0", await CardAsync(ui, "Dead datanodes"));
        Assert.Equal("1", await CardAsync(ui, "Files"));
        Assert.Equal(blocks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await CardAsync(ui, "Blocks"));
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task OverviewPage_CapacityBar_ShowsSpaceOtherFilesTakeBesideBlocksAndRemaining()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var live = (await client.GetClusterReportAsync()).Datanodes.Where(d => d.State == "live").ToList();
        double capacity = live.Sum(d => d.CapacityBytes), used = live.Sum(d => d.UsedBytes), remaining = live.Sum(d => d.RemainingBytes);

        await ui.GoAsync("#/");

        // The datanodes' disks hold other files too (the machine's own): without their share, used and
        // remaining do not add up to the capacity the bar stands for.
        Assert.True(capacity - used - remaining > 0, "precondition: the disk holds files besides the blocks");
        var shares = await ui.Page.EvaluateAsync<double[]>(
            "() => ['used', 'other'].map(c => parseFloat(document.querySelector('main .bar .' + c)?.style.width ?? 'NaN'))");
        Assert.Equal(100 * used / capacity, shares[0], 0.1);
        Assert.Equal(100 * (capacity - used - remaining) / capacity, shares[1], 0.1);
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task DatanodesPage_ListsEveryNodeWithItsAddressAsLive()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var nodes = (await client.GetClusterReportAsync()).Datanodes;

        await ui.GoAsync("#/datanodes");

        Assert.Equal(3, nodes.Count);
        Assert.Equal(nodes.Count, await ui.Page.Locator("tbody tr").CountAsync());
        foreach (var node in nodes)
        {
            var cells = await RowCellsAsync(ui, node.NodeId);
            Assert.Equal(node.NodeId, cells[0]);
            Assert.StartsWith(node.Address, cells[1], StringComparison.Ordinal);
            Assert.Equal("live", cells[3]);
        }
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task DatanodesPage_ServedColumn_ShowsTheBytesEachNodeServedToLocalAndRemoteReaders()
    {
        await using var ui = await OpenAsync();
        using var http = cluster.Cluster.CreateStatusClient();
        using var client = cluster.Cluster.CreateClient();
        // The fixture's job read its blocks; NODE_LOCAL tasks from their own node's disk.
        var local = (await client.Jobs.GetTasksAsync(cluster.JobId)).Sum(t => t.BytesLocal);
        List<ServedBytes> served = [];
        await Eventually.TrueAsync(async () =>
        {
            served = (await http.GetFromJsonAsync<List<ServedBytes>>(cluster.BaseUrl + "/api/v1/datanodes"))!;
            return served.Sum(n => n.BytesServedLocal) == local;
        }, "the datanodes' heartbeats report what they served the fixture's job");

        await ui.GoAsync("#/datanodes");

        Assert.True(local > 0, "no task of the fixture's job read its own node's replica");
        Assert.Contains("Served local/remote", await ui.Page.Locator("thead").InnerTextAsync(), StringComparison.Ordinal);
        foreach (var node in served)
        {
            var shown = await ui.Page.EvaluateAsync<string>("([l, r]) => bytes(l) + ' / ' + bytes(r)", new[] { node.BytesServedLocal, node.BytesServedRemote });
            Assert.Equal(shown, (await RowCellsAsync(ui, node.NodeId))[10]);
        }
        ui.AssertNoProblems();
    }

    private sealed record ServedBytes(string NodeId, long BytesServedLocal, long BytesServedRemote);

    [SkippableFact]
    public async Task BrowsePage_File_ShowsEveryBlockWithTheNodesHoldingItsReplicas()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var blocks = await client.GetBlocksAsync(UiClusterFixture.FilePath);

        await ui.GoAsync("#/browse" + UiClusterFixture.FilePath);

        Assert.True(blocks.Count >= 3, $"only {blocks.Count} blocks: the page would show too little");
        Assert.Equal(blocks.Count, await ui.Page.Locator("h3").CountAsync());
        foreach (var block in blocks)
        {
            var replicas = await ui.Page.Locator($"h3:text-is('Block {block.BlockId}') + p > span").AllInnerTextsAsync();
            Assert.Equal(block.Replicas.Select(r => r.NodeId).Order(StringComparer.Ordinal), replicas.Order(StringComparer.Ordinal));
        }
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task JobsPage_ListsTheJobAsSucceededWithAllTasksDone()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var job = await client.Jobs.GetAsync(cluster.JobId);

        await ui.GoAsync("#/jobs");

        var cells = await RowCellsAsync(ui, cluster.JobId);
        Assert.Equal("succeeded", cells[1]);
        Assert.Equal($"{job.TasksSucceeded}/{job.TasksTotal}", cells[3]);
        await ui.Page.Locator($"a[href='#/jobs/{cluster.JobId}']").ClickAsync();
        await Assertions.Expect(ui.Page.Locator("h2")).ToContainTextAsync("Job " + cluster.JobId);
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task JobPage_TasksTable_ShowsEveryAttemptWithItsNodeAndLocalityLevel()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var attempts = await client.Jobs.GetTasksAsync(cluster.JobId);

        await ui.GoAsync("#/jobs/" + cluster.JobId);

        var rows = await ui.Page.EvaluateAsync<string[][]>(
            "() => [...document.querySelectorAll('h3 + .table-wrap:not(:has(table.map)) tbody tr')].map(r => [...r.cells].map(c => c.innerText.trim()))");
        Assert.Equal(attempts.Count, rows.Length);
        var shown = rows.Select(r => (Task: r[0], Attempt: r[1], Node: r[2], Locality: r[3], Status: r[4])).ToHashSet();
        foreach (var a in attempts)
        {
            Assert.Contains((a.TaskIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture), a.NodeId, a.Locality, a.Outcome), shown);
        }
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task JobPage_Timeline_HasExactlyOneBarPerAttemptColouredByItsLocality()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var attempts = await client.Jobs.GetTasksAsync(cluster.JobId);

        await ui.GoAsync("#/jobs/" + cluster.JobId);

        Assert.Equal(attempts.Count, await ui.Page.Locator("svg.timeline rect.attempt").CountAsync());
        foreach (var a in attempts)
        {
            var bar = ui.Page.Locator($"svg.timeline rect.attempt[data-task='{a.TaskIndex}'][data-attempt='{a.Attempt}']");
            Assert.Equal(1, await bar.CountAsync());
            var classes = (await bar.GetAttributeAsync("class"))!.Split(' ');
            Assert.Contains(a.Locality, classes);
            Assert.Contains(a.Outcome, classes);
            // The bar is drawn in the lane of the node the attempt ran on, under that node's label.
            var lane = await bar.EvaluateAsync<string?>("r => r.closest('g.lane')?.querySelector('text')?.textContent");
            Assert.Equal(a.NodeId, lane);
        }
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task JobPage_Timeline_AttemptsRunningAtOnceOnANode_DrawnSideBySideNotOverlapping()
    {
        await using var ui = await OpenAsync();

        await ui.GoAsync("#/jobs/" + cluster.JobId);

        // Every node has two task slots, so attempts overlap in time; a bar hidden under another would hide an attempt.
        var overlaps = await ui.Page.EvaluateAsync<string[]>("""
            () => {
              const boxes = [...document.querySelectorAll('svg.timeline rect.attempt')].map(r => [r, r.getBoundingClientRect()]);
              const hit = [];
              for (const [a, p] of boxes) for (const [b, q] of boxes)
                if (a !== b && p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5)
                  hit.push(a.dataset.task + '/' + b.dataset.task);
              return hit;
            }
            """);
        Assert.True(overlaps.Length == 0, "bars drawn over each other (task/task): " + string.Join(", ", overlaps));
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task JobPage_LocalityMap_HasOneColumnPerBlockAndMarksWhereEachTaskRan()
    {
        await using var ui = await OpenAsync();
        using var client = cluster.Cluster.CreateClient();
        var blocks = await client.GetBlocksAsync(UiClusterFixture.FilePath);
        var succeeded = (await client.Jobs.GetTasksAsync(cluster.JobId)).Where(a => a.Outcome == "succeeded").ToList();

        await ui.GoAsync("#/jobs/" + cluster.JobId);

        var map = ui.Page.Locator("table.map");
        Assert.Equal(blocks.Count + 1, await map.Locator("thead th").CountAsync());
        Assert.Equal(3, await map.Locator("tbody tr").CountAsync());
        Assert.Equal(succeeded.Count, await map.Locator("td.ran").CountAsync());
        Assert.Equal(blocks.Sum(b => b.Replicas.Count), await map.Locator("td.replica").CountAsync());
        // A NODE_LOCAL task ran where a replica of its block is.
        Assert.Equal(succeeded.Count(a => a.Locality == "NODE_LOCAL"), await map.Locator("td.ran.NODE_LOCAL.replica").CountAsync());
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task Navigation_SlowAnswerForThePageLeft_DoesNotReplaceThePageOpenedAfter()
    {
        await using var ui = await OpenAsync();
        // Counts API answers read to the end, bumped once the script's code waiting on the answer has run
        // (a timer fires only after every pending promise continuation).
        await ui.Page.AddInitScriptAsync("""
            (() => {
              const json = Response.prototype.json;
              window.answersRead = 0;
              Response.prototype.json = function () { return json.call(this).finally(() => setTimeout(() => window.answersRead++, 0)); };
            })()
            """);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await ui.GoAsync("#/");
        await ui.Page.RouteAsync("**/api/v1/jobs", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });

        await ui.Page.EvaluateAsync("() => { location.hash = '#/jobs'; }");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await ui.GoAsync("#/datanodes");
        var read = await ui.Page.EvaluateAsync<int>("() => window.answersRead");
        release.SetResult();
        await ui.Page.WaitForFunctionAsync("n => window.answersRead > n", read);

        Assert.StartsWith("Datanodes", await ui.Page.Locator("h2").First.InnerTextAsync(), StringComparison.Ordinal);
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task EveryPage_PhoneViewport_BodyHasNoHorizontalOverflow()
    {
        await using var ui = await OpenAsync(new ViewportSize { Width = 390, Height = 844 });

        foreach (var route in Routes)
        {
            await ui.GoAsync(route);

            var widths = await ui.Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            // Names the elements that stick out, so a failure says what to fix.
            var wide = await ui.Page.EvaluateAsync<string[]>(
                "w => [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > w).slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))",
                widths[1]);
            Assert.True(widths[0] <= widths[1], $"{route}: the page is {widths[0]} px wide in a {widths[1]} px viewport: {string.Join(" | ", wide)}");
        }
        ui.AssertNoProblems();
    }

    [SkippableFact]
    public async Task EveryPage_Loads_WithoutConsoleErrorsOrRequestsBeyondTheNamenode()
    {
        await using var ui = await OpenAsync();
        // The README's pictures are refreshed on request (DATALOCAL_SCREENSHOTS=1), so a plain test run
        // leaves the checkout as it found it; otherwise they go to a temporary directory.
        var screenshots = Environment.GetEnvironmentVariable("DATALOCAL_SCREENSHOTS") == "1"
            ? Path.Combine(Path.GetDirectoryName(Tests.TestData.Root)!, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "datalocal-screenshots", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(screenshots);

        foreach (var (route, name) in Routes.Zip(ScreenshotNames))
        {
            await ui.GoAsync(route);
            // The README shows these (the window's first screenful); taken here because this test visits every page anyway.
            await ui.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, name + ".png") });
        }

        Assert.True(ui.RequestCount >= Routes.Length, $"only {ui.RequestCount} requests seen");
        Assert.Empty(ui.ForeignRequests);
        ui.AssertNoProblems();
    }

    private string[] Routes => ["#/", "#/datanodes", "#/browse" + UiClusterFixture.FilePath, "#/jobs", "#/jobs/" + cluster.JobId];

    private static readonly string[] ScreenshotNames = ["overview", "datanodes", "browse-file", "jobs", "job"];

    private Task<UiPage> OpenAsync(ViewportSize? viewport = null)
    {
        Skip.If(Chromium.UnavailableReason is not null, Chromium.UnavailableReason);
        return browser.OpenAsync(cluster.BaseUrl, cluster.Cluster.AdminToken, viewport);
    }

    /// <summary>The value of the overview card labelled exactly <paramref name="label"/>.</summary>
    private static Task<string> CardAsync(UiPage ui, string label) =>
        ui.Page.EvaluateAsync<string>(
            "label => [...document.querySelectorAll('.card')].find(c => c.querySelector('.muted').textContent === label)?.querySelector('.value').textContent",
            label);

    /// <summary>The cells' text of the one table row that mentions <paramref name="key"/>.</summary>
    private static async Task<string[]> RowCellsAsync(UiPage ui, string key)
    {
        var row = ui.Page.Locator("tbody tr", new() { HasTextString = key });
        Assert.Equal(1, await row.CountAsync());
        return [.. (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim())];
    }
}
