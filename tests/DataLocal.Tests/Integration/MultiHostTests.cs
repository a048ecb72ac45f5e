using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Hosting;
using DataLocal.Testing;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Jobs;

namespace DataLocal.Tests.Integration;

/// <summary>
/// Nodes that are not all on 127.0.0.1: datanodes advertising hostnames and IPs, a namenode bound
/// to every interface and reached at this machine's own address, a datanode nobody can call back.
/// </summary>
public sealed class MultiHostTests
{
    private const string Query = "SELECT count(*), sum(seq) FROM /seq.parquet WHERE seq % 7 = 0";
    private const string Answer = "1429,7142142";

    /// <summary>
    /// Spark once ran every task at ANY because executors registered by IP and blocks by hostname.
    /// Here the data sits only on the first node, advertised one way, while a second node advertised
    /// the other way is idle and asking for work: every task must still run on the first, NODE_LOCAL.
    /// </summary>
    [Theory]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("127.0.0.1", "localhost")]
    public async Task Job_DatanodesAdvertiseHostnameAndIp_EveryTaskNodeLocalOnItsBlockHolder(string holderAdvertises, string otherAdvertises)
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1,
            configureDataNodeAt: (index, o) => o.AdvertiseHost = index == 0 ? holderAdvertises : otherAdvertises);
        using var client = cluster.CreateClient();
        await client.PutAsync(TestData.Parquet("file_row_number.parquet"), "/seq.parquet", new PutOptions(BlockSize: 4096));
        cluster.DataNodes.Add(null);
        await cluster.StartDataNodeAsync(1);
        await cluster.WaitForLiveDataNodesAsync(2);

        var job = await JobQueryTests.RunAsync(client, Query);

        Assert.Equal(Answer, JobQueryTests.Format(job));
        var tasks = await client.Jobs.GetTasksAsync(job.JobId);
        Assert.Equal(10, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(("NODE_LOCAL", cluster.DataNodes[0]!.NodeId), (t.Locality, t.NodeId)));
        var report = await client.GetClusterReportAsync();
        Assert.Contains(report.Datanodes, d => d.NodeId == cluster.DataNodes[0]!.NodeId && d.Address.StartsWith($"http://{holderAdvertises}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DataNode_AdvertisedAddressUnreachable_ReportedAndNotUsed()
    {
        // Bound to 127.0.0.1 only, so 127.0.0.2 (loopback too, but not bound) refuses: a wrong --advertise.
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureDataNodeAt: (index, o) => o.AdvertiseHost = index == 2 ? "127.0.0.2" : string.Empty);
        using var client = cluster.CreateClient();
        cluster.DataNodes.Add(null);
        await cluster.StartDataNodeAsync(2);
        var lost = cluster.DataNodes[2]!.NodeId;
        await Eventually.TrueAsync(async () => (await client.GetClusterReportAsync()).ReportedCount == 3, "the third datanode registered and reported");

        var report = await client.GetClusterReportAsync();
        var node = Assert.Single(report.Datanodes, d => d.NodeId == lost);
        Assert.Equal("live", node.State);
        Assert.False(node.Reachable);
        Assert.Contains("127.0.0.2", node.UnreachableReason, StringComparison.Ordinal);
        Assert.All(report.Datanodes.Where(d => d.NodeId != lost), d => Assert.True(d.Reachable, d.UnreachableReason));
        using var http = cluster.CreateStatusClient();
        var shown = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(cluster.NameNode.HttpAddress + "/api/v1/datanodes")).RootElement
            .EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == lost);
        Assert.False(shown.GetProperty("reachable").GetBoolean());
        Assert.Contains("http://127.0.0.2:", shown.GetProperty("unreachableReason").GetString(), StringComparison.Ordinal);

        await client.PutAsync(TestData.Parquet("file_row_number.parquet"), "/seq.parquet", new PutOptions(BlockSize: 4096));
        var job = await JobQueryTests.RunAsync(client, Query);

        Assert.Equal(Answer, JobQueryTests.Format(job));
        Assert.Equal(0, cluster.BlockStoreOf(2).ReplicaCount);
        Assert.DoesNotContain(await client.Jobs.GetTasksAsync(job.JobId), t => t.NodeId == lost);
    }

    [SkippableFact]
    public async Task NameNodeOnEveryInterface_DatanodesAdvertisingMachineAddress_PutGetAndNodeLocalJob()
    {
        var ip = NodeAddresses.FirstNonLoopbackIPv4();
        Skip.If(ip is null, "this machine has no non-loopback IPv4 address for nodes to advertise");
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2,
            configureNameNode: o => o.BindAddress = "0.0.0.0",
            configureDataNode: o => o.BindAddress = "0.0.0.0");
        // Everything goes through the machine's address, as a client on another host would.
        using var client = new DataLocalClient(NodeAddresses.Url(ip!.ToString(), new Uri(cluster.NameNodeAddress).Port), new DataLocalClientOptions { Token = cluster.AdminToken });
        var source = TestData.Parquet("file_row_number.parquet");
        var copy = Path.Combine(Files.TempDirectory(), "copy.parquet");

        await client.PutAsync(source, "/seq.parquet", new PutOptions(BlockSize: 4096));
        await client.GetAsync("/seq.parquet", copy);
        var job = await JobQueryTests.RunAsync(client, Query);

        Assert.Equal(Files.Sha256(source), Files.Sha256(copy));
        var report = await client.GetClusterReportAsync();
        Assert.All(report.Datanodes, d => Assert.StartsWith($"http://{ip}:", d.Address, StringComparison.Ordinal));
        Assert.All(report.Datanodes, d => Assert.True(d.Reachable, d.UnreachableReason));
        Assert.Equal(Answer, JobQueryTests.Format(job));
        Assert.Equal(1.0, job.NodeLocalShare);
    }
}
