using System.Diagnostics;
using System.Globalization;
using System.Text;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Grpc;
using DataLocal.Testing.Netns;
using Parquet;

namespace DataLocal.LocalityBench;

/// <summary>
/// LZ4 on the wire where it is meant to pay: a 4-datanode cluster of network namespaces with every
/// link shaped to 1 Gbit/s, and this process (on the bridge, outside the shaped links) reading and
/// writing whole tables with the client's transfer compression off and on. Reads are remote block
/// reads as a task on another host makes them; puts use replication 1, so the one hop is the
/// client's and its setting alone decides. Tables: the same lineitem rows as uncompressed, Snappy
/// and ZSTD Parquet.
/// </summary>
public sealed class CompressionBenchmark(int runs, int seed, long tableBytes, TextWriter log)
{
    public static readonly IReadOnlyList<CompressionMethod> Tables = [CompressionMethod.None, CompressionMethod.Snappy, CompressionMethod.Zstd];

    public sealed record Sample(CompressionMethod Table, string Operation, bool Lz4, double Seconds, long WireBytes, long Bytes);

    public async Task<IReadOnlyList<Sample>> RunAsync(string dataDirectory, Func<double?, Task>? onShaped = null)
    {
        // The same rows in every table: sized so the uncompressed one is tableBytes.
        var rowsPerGroup = await LineitemGenerator.RowsPerGroupAsync(tableBytes, 8, seed, CompressionMethod.None).ConfigureAwait(false);
        var tables = new Dictionary<CompressionMethod, GeneratedTable>();
        foreach (var method in Tables)
        {
            tables[method] = await LineitemGenerator.GenerateRowsAsync(Path.Combine(dataDirectory, method.ToString()), rowsPerGroup, 8, seed, method).ConfigureAwait(false);
            Log($"{method}: {tables[method].Bytes / 1e6:0.0} MB");
        }
        using var cluster = await NetnsCluster.StartAsync(datanodes: 4, replication: 1, deadNodeTimeoutSeconds: 30).ConfigureAwait(false);
        var measured = await cluster.Network.ShapeAsync(LinkRate.Gbit1).ConfigureAwait(false);
        Log($"every link shaped to 1 Gbit/s: measured {measured / 1e6:0.#} Mbit/s");
        if (onShaped is not null)
        {
            await onShaped(measured).ConfigureAwait(false);
        }
        using var plain = new DataLocalClient(cluster.NameNodeAddress, new DataLocalClientOptions { TransferCompression = new TransferCompression(TransferCompressionMode.None) });
        using var lz4 = new DataLocalClient(cluster.NameNodeAddress, new DataLocalClientOptions { TransferCompression = new TransferCompression(TransferCompressionMode.Auto) });
        var samples = new List<Sample>();
        foreach (var (method, table) in tables)
        {
            var stored = $"/lz4/{method}.parquet";
            await plain.PutAsync(table.Path, stored, new PutOptions(Replication: 1)).ConfigureAwait(false);
            for (var run = 0; run <= runs; run++)
            {
                // Off and on interleaved, so a burst of load from elsewhere hits both alike; run 0 warms up.
                foreach (var (client, on) in new[] { (plain, false), (lz4, true) })
                {
                    var get = await TimeAsync(cluster, () => client.ReadToAsync(stored, Stream.Null)).ConfigureAwait(false);
                    var target = $"/lz4/{method}-{run}-{on}.parquet";
                    var put = await TimeAsync(cluster, () => client.PutAsync(table.Path, target, new PutOptions(Replication: 1))).ConfigureAwait(false);
                    await client.DeleteAsync(target, recursive: false).ConfigureAwait(false);
                    if (run > 0)
                    {
                        samples.Add(new Sample(method, "get", on, get.Seconds, get.WireBytes, table.Bytes));
                        samples.Add(new Sample(method, "put", on, put.Seconds, put.WireBytes, table.Bytes));
                        Log($"  {method,-7} lz4 {(on ? "on " : "off")} run {run}: get {get.Seconds:0.00} s ({get.WireBytes / 1e6:0.0} MB on the links), put {put.Seconds:0.00} s ({put.WireBytes / 1e6:0.0} MB)");
                    }
                }
            }
        }
        return samples;
    }

    // Wall time and the bytes that crossed the datanode hosts' links either way.
    private static async Task<(double Seconds, long WireBytes)> TimeAsync(NetnsCluster cluster, Func<Task> transfer)
    {
        long Links() => cluster.DataNodeHosts.Sum(h => h.BytesIn() + h.BytesOut());
        var before = Links();
        var clock = Stopwatch.StartNew();
        await transfer().ConfigureAwait(false);
        return (clock.Elapsed.TotalSeconds, Links() - before);
    }

    public static string Markdown(IReadOnlyList<Sample> samples, int runs, long tableBytes, double? measuredBitsPerSecond, string command)
    {
        var text = new StringBuilder();
        text.AppendLine("# LZ4 on the wire at 1 Gbit/s");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}` on {DateTime.UtcNow:yyyy-MM-dd} (2 shared cores; every host of the cluster runs on them).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Four datanode hosts (network namespaces), every link shaped with tbf to 1 Gbit/s (measured {measuredBitsPerSecond / 1e6:0} Mbit/s before the run).");
        text.AppendLine(CultureInfo.InvariantCulture, $"The same lineitem rows (~{tableBytes / 1e6:0} MB uncompressed) as uncompressed, Snappy and ZSTD Parquet; `get` reads every block from a datanode host (a remote read), `put` writes it with replication 1 (one hop).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians of {runs} runs, off and on interleaved. \"Wire\" is what crossed the datanode hosts' links (block bytes plus gRPC/TCP framing).");
        text.AppendLine();
        text.AppendLine("| table | operation | LZ4 off | LZ4 on | time off / on | wire off | wire on |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var table in Tables)
        {
            foreach (var operation in new[] { "get", "put" })
            {
                var off = samples.Where(s => s.Table == table && s.Operation == operation && !s.Lz4).ToList();
                var on = samples.Where(s => s.Table == table && s.Operation == operation && s.Lz4).ToList();
                if (off.Count == 0 || on.Count == 0)
                {
                    continue;
                }
                var (offSeconds, onSeconds) = (BenchmarkReport.Median(off.Select(s => s.Seconds)), BenchmarkReport.Median(on.Select(s => s.Seconds)));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {table} ({off[0].Bytes / 1e6:0} MB) | {operation} | {offSeconds:0.00} s | {onSeconds:0.00} s | {offSeconds / onSeconds:0.00}× | {BenchmarkReport.Median(off.Select(s => (double)s.WireBytes)) / 1e6:0} MB | {BenchmarkReport.Median(on.Select(s => (double)s.WireBytes)) / 1e6:0} MB |");
            }
        }
        return text.ToString();
    }

    private void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
