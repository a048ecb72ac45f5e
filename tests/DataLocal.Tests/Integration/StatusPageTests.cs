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

        Assert.Contains("datalocal_datanodes{state=\"live\"} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("datalocal_blocks ", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_EverySampleHasHelpAndTypeLines()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        var lines = (await http.GetStringAsync(fixture.Cluster.NameNode.HttpAddress + "/metrics")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var samples = lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(' ', '{')[0]).Distinct().ToList();
        Assert.True(samples.Count >= 15, string.Join(", ", samples));
        Assert.All(samples, sample =>
        {
            // A histogram's samples (name_bucket, name_sum, name_count) share its HELP and TYPE lines.
            var family = lines.Contains($"# TYPE {sample} histogram") ? sample : HistogramFamily(sample, lines) ?? sample;
            Assert.Contains(lines, l => l.StartsWith($"# HELP {family} ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"# TYPE {family} ", StringComparison.Ordinal));
        });
    }

    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private static string? HistogramFamily(string sample, string[] lines) =>
        HistogramSuffixes
            .Where(suffix => sample.EndsWith(suffix, StringComparison.Ordinal))
            .Select(suffix => sample[..^suffix.Length])
            .FirstOrDefault(family => lines.Contains($"# TYPE {family} histogram"));

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
