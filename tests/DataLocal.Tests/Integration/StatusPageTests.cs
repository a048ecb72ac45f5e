using System.Net.Http.Json;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Integration;

/// <summary>The namenode's HTTP side: the web UI's files, its JSON API and Prometheus metrics.</summary>
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
    public async Task DatanodesApi_ListsEveryDatanodeWithItsAddresses()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        var nodes = (await http.GetFromJsonAsync<List<DataLocal.NameNode.Http.DatanodeModel>>(fixture.Cluster.NameNode.HttpAddress + "/api/v1/datanodes", Json))!;

        Assert.Equal(fixture.Cluster.DataNodes.Select(d => d!.Address).Order(), nodes.Select(n => n.Address).Order());
        Assert.All(nodes, n => Assert.Equal("live", n.State));
        Assert.Equal(fixture.Cluster.DataNodes.Select(d => d!.HttpAddress).Order(), nodes.Select(n => n.HttpAddress).Order());
    }

    [Fact]
    public async Task WebUi_ShellScriptAndStyle_ServedFromTheNamenodeWithAStrictContentSecurityPolicy()
    {
        using var http = fixture.Cluster.CreateStatusClient();

        foreach (var (path, type) in new[] { ("/", "text/html"), ("/ui/app.js", "text/javascript"), ("/ui/app.css", "text/css") })
        {
            var response = await http.GetAsync(fixture.Cluster.NameNode.HttpAddress + path);

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
        var shell = await http.GetStringAsync(fixture.Cluster.NameNode.HttpAddress + "/");
        Assert.Contains("<h1>DataLocal namenode</h1>", shell, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", shell, StringComparison.Ordinal);
        // Nothing from the internet: every script and style sheet is the namenode's own.
        Assert.DoesNotContain("http", System.Text.RegularExpressions.Regex.Replace(shell, "<!doctype[^>]*>", string.Empty), StringComparison.OrdinalIgnoreCase);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
}
