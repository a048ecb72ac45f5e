using DataLocal.Client.Writing;
using DataLocal.Testing;
using DataLocal.Testing.Netns;
using DataLocal.Tests.Jobs;

namespace DataLocal.Tests.Netns;

/// <summary>
/// The external object store as a real server on a host of its own: Debian's nginx, read with
/// range requests by datanodes on other hosts, against the same file stored in DataLocal.
/// </summary>
[Collection(NetnsDefinition.Name)]
public sealed class NetnsObjectStoreTests
{
    // queries.tsv's first query, whose answer DuckDB computed from the original file.
    private static string Query(string source) =>
        $"SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity) FROM {source} GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";
    private static readonly string Answer = TestData.Tsv("parquet/queries.tsv")[0][3];

    [SkippableFact]
    public async Task Job_FromNginxOnItsOwnHost_SameAnswerAsStoredFileAndDuckDb()
    {
        NetnsDefinition.SkipUnlessAvailable();
        Skip.If(NginxServer.UnavailableReason is not null, $"no object store: {NginxServer.UnavailableReason}");
        using var cluster = await NetnsCluster.StartAsync(datanodes: 3, objectStore: true);
        var served = Path.Combine(cluster.WorkDirectory, "store");
        var lineitem = await ParquetRewriter.WithRowGroupsOfAsync(TestData.Parquet("lineitem-top10000.gzip.parquet"), 500, served);
        File.Move(lineitem, Path.Combine(served, "li.parquet"));
        NginxServer store;
        try
        {
            store = await cluster.StartObjectStoreAsync(served);
        }
        catch (NetnsException ex)
        {
            throw new SkipException($"nginx would not start: {ex.Message}");
        }
        using var client = cluster.CreateClient();
        await client.PutAsync(Path.Combine(served, "li.parquet"), "/li.parquet", new PutOptions(BlockSize: 16 * 1024));

        var stored = await JobQueryTests.RunAsync(client, Query("/li.parquet"));
        var external = await JobQueryTests.RunAsync(client, Query(store.UrlOf("li.parquet")));

        Assert.Equal(Answer, JobQueryTests.Format(stored));
        Assert.Equal(Answer, JobQueryTests.Format(external));
        Assert.Equal("succeeded", external.State);
        Assert.Equal(20, external.TasksTotal); // one task per row group
        Assert.Equal(0, external.BytesReadLocal);
        Assert.True(external.BytesReadRemote > 0);
        // Every task ran on a datanode host (none on the store's), each reading its row group by a range request.
        var tasks = await client.Jobs.GetTasksAsync(external.JobId);
        var datanodeAddresses = cluster.DataNodeHosts.Select(h => h.Address.ToString()).ToHashSet();
        Assert.All(tasks, t => Assert.Contains(new Uri(t.NodeAddress).Host, datanodeAddresses));
        Assert.True(tasks.Select(t => t.NodeId).Distinct().Count() >= 2, "the external file's tasks all ran on one datanode");
        var ranged = store.AccessLog().Where(l => l.StartsWith("206 ", StringComparison.Ordinal)).ToList();
        Assert.True(ranged.Count >= tasks.Count, $"{ranged.Count} range responses for {tasks.Count} tasks: {string.Join(" | ", store.AccessLog())}");
        Assert.True(store.BytesSent() >= external.BytesReadRemote, $"nginx sent {store.BytesSent()} bytes, tasks read {external.BytesReadRemote}");
        Assert.NotEmpty(store.ProcessIds());
    }

    [SkippableFact]
    public async Task Dispose_ClusterWithObjectStore_NoNginxProcessOrStateDirectoryLeft()
    {
        NetnsDefinition.SkipUnlessAvailable();
        Skip.If(NginxServer.UnavailableReason is not null, $"no object store: {NginxServer.UnavailableReason}");
        var cluster = await NetnsCluster.StartAsync(datanodes: 1, objectStore: true);
        NginxServer store;
        try
        {
            store = await cluster.StartObjectStoreAsync(cluster.WorkDirectory);
        }
        catch (NetnsException ex)
        {
            cluster.Dispose();
            throw new SkipException($"nginx would not start: {ex.Message}");
        }
        var pids = store.ProcessIds();
        Assert.True(pids.Count >= 2, $"nginx master and worker, found {pids.Count} processes");

        cluster.Dispose();

        Assert.All(pids, pid => Assert.False(NginxServer.IsRunning(pid), $"nginx process {pid} still runs"));
        Assert.False(Directory.Exists(store.StateDirectory));
        Assert.DoesNotContain(cluster.Network.RunId, SystemCommand.Run("ip", "netns", "list"), StringComparison.Ordinal);
    }
}
