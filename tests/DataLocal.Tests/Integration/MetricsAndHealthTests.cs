using System.Globalization;
using System.Net;
using DataLocal.NameNode.Datanodes;
using DataLocal.Testing;
using DataLocal.Tests.Jobs;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Tests.Integration;

/// <summary>
/// Prometheus metrics on the namenode and on every datanode's own HTTP port, and liveness probes
/// (`/healthz`, the gRPC health service) that answer without a credential.
/// </summary>
[Collection(JobClusterDefinition.Name)]
public sealed class MetricsAndHealthTests(JobClusterFixture fixture)
{
    [Fact]
    public async Task NameNodeMetrics_AfterAJob_CountItsAttemptsByLocalityAndTheBytesTheyRead()
    {
        using var client = fixture.Cluster.CreateClient();
        using var http = fixture.Cluster.CreateStatusClient();
        var metricsUrl = fixture.Cluster.NameNode.HttpAddress + "/metrics";
        var before = Samples(await http.GetStringAsync(metricsUrl));

        var job = await JobQueryTests.RunAsync(client, "SELECT count(*), sum(l_quantity) FROM /jobs/lineitem.parquet");

        Assert.Equal("succeeded", job.State);
        Assert.True(job.TasksNodeLocal > 0, "the job should have run some tasks where their blocks are");
        var nodeLocal = """datalocal_task_attempts_total{locality="NODE_LOCAL",outcome="succeeded"}""";
        var localBytes = """datalocal_task_read_bytes_total{source="local"}""";
        // The job's final record (which the counters are taken from) is stored just after it ends.
        Dictionary<string, double> after = [];
        await Eventually.TrueAsync(async () =>
        {
            after = Samples(await http.GetStringAsync(metricsUrl));
            return Delta(before, after, nodeLocal) >= job.TasksNodeLocal;
        }, "the job's node-local attempts counted in the namenode's metrics");
        Assert.Equal(job.TasksNodeLocal, Delta(before, after, nodeLocal));
        Assert.Equal(job.BytesReadLocal, Delta(before, after, localBytes));
        Assert.Equal(1, Delta(before, after, """datalocal_job_duration_seconds_count{state="succeeded"}"""));
        Assert.Equal(6, after["""datalocal_datanodes{state="live"}"""]);
        Assert.Contains(after.Keys, k => k.StartsWith("""datalocal_rpc_server_duration_seconds_count{method="/datalocal.""", StringComparison.Ordinal) && k.Contains("""code="OK""", StringComparison.Ordinal));
        Assert.Contains("process_cpu_seconds_total", after.Keys);
    }

    [Fact]
    public async Task DataNodeMetrics_ServedOnItsOwnHttpPort_WhichTheNamenodeRecords()
    {
        using var http = fixture.Cluster.CreateStatusClient();
        using var anonymous = new HttpClient();
        var registry = fixture.Cluster.NameNode.Services.GetRequiredService<DatanodeRegistry>();

        for (var i = 0; i < fixture.Cluster.DataNodes.Count; i++)
        {
            var datanode = fixture.Cluster.DataNodes[i]!;
            Assert.NotNull(datanode.HttpAddress);
            Assert.Equal(datanode.HttpAddress, registry.Find(datanode.NodeId)?.HttpAddress);

            var samples = Samples(await http.GetStringAsync(datanode.HttpAddress + "/metrics"));

            Assert.Equal(fixture.Cluster.BlockStoreOf(i).ReplicaCount, samples["datalocal_datanode_replicas"]);
            Assert.Equal(2, samples["""datalocal_datanode_task_slots{state="busy"}"""] + samples["""datalocal_datanode_task_slots{state="free"}"""]);
            Assert.True(samples["datalocal_datanode_capacity_bytes"] > 0);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(datanode.HttpAddress + "/metrics")).StatusCode);
        }
    }

    [Fact]
    public async Task Healthz_AnswersWithoutAToken_OnTheNamenodeAndEveryDatanode()
    {
        using var anonymous = new HttpClient();
        var addresses = fixture.Cluster.DataNodes.Select(d => d!.HttpAddress!).Prepend(fixture.Cluster.NameNode.HttpAddress!);

        foreach (var address in addresses)
        {
            var response = await anonymous.GetAsync(address + "/healthz");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task GrpcHealthService_AnswersServingWithoutCredentials_OnEveryGrpcPort()
    {
        var addresses = fixture.Cluster.DataNodes.Select(d => d!.Address).Prepend(fixture.Cluster.NameNodeAddress);

        foreach (var address in addresses)
        {
            using var channel = GrpcChannel.ForAddress(address);

            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }

    /// <summary>Prometheus text exposition as sample name (with labels) → value.</summary>
    private static Dictionary<string, double> Samples(string exposition) =>
        exposition.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => (Name: line[..line.LastIndexOf(' ')], Value: line[(line.LastIndexOf(' ') + 1)..]))
            .ToDictionary(s => s.Name, s => double.Parse(s.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static double Delta(Dictionary<string, double> before, Dictionary<string, double> after, string sample) =>
        after.GetValueOrDefault(sample) - before.GetValueOrDefault(sample);
}
