using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// Six datanodes, replication 2, with the query corpus stored in many small blocks: lineitem,
/// h2oai, alltypes and userdata1 rewritten with small row groups, the multi-row-group files as they are.
/// </summary>
public sealed class JobClusterFixture : IAsyncLifetime
{
    public const long BlockSize = 8 * 1024;

    public InProcessCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // External-source tests serve files from 127.0.0.1; only that address is allowed.
        Cluster = await InProcessCluster.StartAsync(datanodes: 6, replication: 2, configureDataNode: o => o.TaskSlots = 2,
            configureNameNode: o => o.AllowExternal = ["http://127.0.0.1/"]);
        var work = Files.TempDirectory();
        using var client = Cluster.CreateClient();
        var files = new Dictionary<string, string>
        {
            ["lineitem.parquet"] = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 100, work),
            ["h2oai.parquet"] = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("h2oai_group_small.parquet"), 500, work),
            ["alltypes.parquet"] = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("alltypes_tiny_pages.parquet"), 500, work),
            ["userdata1.parquet"] = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("userdata1.parquet"), 100, work),
            ["file_row_number.parquet"] = TestData.Parquet("file_row_number.parquet"),
            ["sort_columns.parquet"] = TestData.Parquet("sort_columns.parquet"),
        };
        foreach (var (name, local) in files)
        {
            await client.PutAsync(local, "/jobs/" + name, new PutOptions(BlockSize: BlockSize));
        }
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class JobClusterDefinition : ICollectionFixture<JobClusterFixture>
{
    public const string Name = "job cluster";
}
