using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Integration;

/// <summary>The namenode's HTTP side: a status page and Prometheus-style metrics.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class StatusPageTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Metrics_CountLiveDatanodes()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        var metrics = await http.GetStringAsync(fixture.Cluster.NameNode.HttpAddress + "/metrics");

        Assert.Contains("datalocal_datanodes_live 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("datalocal_blocks ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_EverySampleHasHelpAndTypeLines()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        var lines = (await http.GetStringAsync(fixture.Cluster.NameNode.HttpAddress + "/metrics")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var samples = lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(' ')[0]).ToList();
        Assert.True(samples.Count >= 8, string.Join(", ", samples));
        Assert.All(samples, name =>
        {
            Assert.Contains(lines, l => l.StartsWith($"# HELP {name} ", StringComparison.Ordinal));
            Assert.Contains($"# TYPE {name} gauge", lines);
        });
    }

    [Fact]
    public async Task StatusPage_ListsEveryDatanode()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        var page = await http.GetStringAsync(fixture.Cluster.NameNode.HttpAddress + "/");

        Assert.Contains("<h1>DataLocal namenode</h1>", page, StringComparison.Ordinal);
        foreach (var node in fixture.Cluster.DataNodes)
        {
            Assert.Contains(node!.Address, page, StringComparison.Ordinal);
        }
    }
}
