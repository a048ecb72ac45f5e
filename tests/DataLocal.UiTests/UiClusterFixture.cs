using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Testing;
using DataLocal.Tests;
using DataLocal.UiTests.Browser;

namespace DataLocal.UiTests;

/// <summary>
/// What the pages are checked against: three datanodes, replication 2, TPC-H lineitem stored in
/// several blocks (row groups of 1,000 rows, 64 KB blocks) and one finished job over it.
/// </summary>
public sealed class UiClusterFixture : IAsyncLifetime
{
    public const string FilePath = "/tpch/lineitem.parquet";
    public const string Sql = "SELECT l_returnflag, count(*), sum(l_quantity) FROM /tpch/lineitem.parquet GROUP BY l_returnflag";

    public InProcessCluster Cluster { get; private set; } = null!;

    /// <summary>The finished job's id.</summary>
    public string JobId { get; private set; } = string.Empty;

    public string BaseUrl => Cluster.NameNode.HttpAddress!;

    public async Task InitializeAsync()
    {
        if (Chromium.UnavailableReason is not null)
        {
            return; // every test skips; no cluster to start
        }
        Cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2);
        var work = Path.Combine(Cluster.Root, "work");
        Directory.CreateDirectory(work);
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 1000, work);
        using var client = Cluster.CreateClient();
        await client.PutAsync(lineitem, FilePath, new PutOptions(BlockSize: 64 * 1024));
        JobId = await client.Jobs.SubmitAsync(Sql);
        var job = await client.Jobs.WaitAsync(JobId);
        if (job.State != "succeeded")
        {
            throw new InvalidOperationException($"the fixture's job ended {job.State}: {job.Error}");
        }
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

/// <summary>
/// Every UI test runs in this one collection: one browser and one cluster, and no two tests at once
/// (the machine has two cores, and the suite's other tests run beside these).
/// </summary>
[CollectionDefinition(Name)]
public sealed class WebUiTestGroup : ICollectionFixture<BrowserFixture>, ICollectionFixture<UiClusterFixture>
{
    public const string Name = "web UI";
}
