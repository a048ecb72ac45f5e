using System.Diagnostics;
using System.Globalization;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Testing.Netns;

namespace DataLocal.LocalityBench;

/// <summary>How the job reads its input.</summary>
public sealed record Mode(string Name, string Description);

/// <summary>One job's measurements.</summary>
public sealed record Sample(
    Mode Mode, LinkRate Rate, int Run, double Seconds, long BytesLocal, long BytesNetwork, long StoreBytesSent,
    double DatanodeCpuSeconds, double StoreCpuSeconds, double MachineBusyShare, int TasksNodeLocal, int Tasks);

/// <summary>How a rate's shaping was verified: the measured rate, or why it could not be trusted.</summary>
public sealed record Shaping(LinkRate Rate, double? MeasuredBitsPerSecond, string? Problem);

public sealed record BenchmarkVariant(string Name, long TargetBytes, int Blocks)
{
    public static readonly BenchmarkVariant Quick = new("quick", 128L << 20, 32);

    // >= 1 GB (10^9 bytes) with room to spare, in 64 blocks of ~18 MB.
    public static readonly BenchmarkVariant Full = new("full", 1_150_000_000, 64);
}

/// <summary>
/// The locality benchmark on a shaped network: a 4-datanode cluster of network namespaces
/// (replication 2) and an nginx object store on a host of its own; the same scan + filter +
/// GROUP BY job run data-local, from remote replicas and from nginx, at each link bandwidth.
/// </summary>
/// <remarks>
/// A plain harness rather than BenchmarkDotNet: one "operation" is a job across a dozen processes
/// in other namespaces, reshaping the network between bandwidths must happen outside any
/// iteration, and BenchmarkDotNet's pilot and warm-up iterations would multiply a run that must
/// stay under 10 minutes. Each (bandwidth, mode) is run <c>runs</c> times, modes interleaved so a
/// burst of load from the machine's other users hits all three alike, and the median is reported.
/// </remarks>
public sealed class LocalityBenchmark(BenchmarkVariant variant, int runs, int seed, TextWriter log)
{
    public const string DataLocalPath = "/bench/lineitem.parquet";

    public static readonly Mode DataLocal = new("data-local", "default scheduling: tasks on a node holding their block");
    public static readonly Mode Remote = new("remote replicas", "`--locality off --locality-wait 0`: tasks placed ignoring locality");
    public static readonly Mode External = new("external nginx", "`FROM http://<nginx host>/lineitem.parquet`: every task range-reads its row group");
    public static readonly IReadOnlyList<Mode> Modes = [DataLocal, Remote, External];
    public static readonly IReadOnlyList<LinkRate> Rates = [LinkRate.Mbit100, LinkRate.Gbit1, LinkRate.Gbit10, LinkRate.Unlimited];

    public static string Query(string source) =>
        "SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity), avg(l_extendedprice), avg(l_discount) " +
        $"FROM {source} WHERE l_shipdate <= '{LineitemGenerator.ShipDateCutoff:yyyy-MM-dd}' " +
        "GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";

    public async Task<BenchmarkReport> RunAsync(string dataDirectory)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Log($"generating a {variant.TargetBytes / 1e6:0} MB lineitem table in {variant.Blocks} row groups (seed {seed})");
        var table = await LineitemGenerator.GenerateAsync(dataDirectory, variant.TargetBytes, variant.Blocks, seed).ConfigureAwait(false);
        Log($"  {Path.GetFileName(table.Path)}: {table.Bytes / 1e6:0.0} MB, {table.Rows:N0} rows ({clock.Elapsed.TotalSeconds:0} s)");

        var cluster = await NetnsCluster.StartAsync(datanodes: 4, replication: 2, taskSlots: 2, deadNodeTimeoutSeconds: 30, objectStore: true).ConfigureAwait(false);
        try
        {
            return await MeasureAllAsync(cluster, table, started, clock).ConfigureAwait(false);
        }
        finally
        {
            cluster.Dispose();
            RemoveNodeDirectories(cluster.WorkDirectory);
        }
    }

    private async Task<BenchmarkReport> MeasureAllAsync(NetnsCluster cluster, GeneratedTable table, DateTimeOffset started, Stopwatch clock)
    {
        Log($"cluster up: namenode {cluster.NameNodeHost.Address}, datanodes {string.Join(", ", cluster.DataNodeHosts.Select(h => h.Address))}, object store {cluster.ObjectStoreHost.Address} ({clock.Elapsed.TotalSeconds:0} s)");
        var store = await cluster.StartObjectStoreAsync(Path.GetDirectoryName(table.Path)!).ConfigureAwait(false);
        var url = store.UrlOf(Path.GetFileName(table.Path));
        using var client = cluster.CreateClient();
        // One row group per block: a block fits the largest row group (and the footer) but never two.
        var blockSize = (table.LargestRowGroupBytes * 3 / 2 + 0xFFFF) & ~0xFFFFL;
        var put = await client.PutAsync(table.Path, DataLocalPath, new PutOptions(BlockSize: blockSize)).ConfigureAwait(false);
        if (put.BlockCount != table.RowGroups)
        {
            throw new InvalidOperationException($"put made {put.BlockCount} blocks of {table.RowGroups} row groups");
        }
        Log($"put {DataLocalPath}: {put.BlockCount} blocks of up to {blockSize / 1e6:0.0} MB, replication 2 ({clock.Elapsed.TotalSeconds:0} s)");

        var sources = new Dictionary<Mode, (string Source, JobOptions Options)>
        {
            [DataLocal] = (DataLocalPath, new JobOptions()),
            [Remote] = (DataLocalPath, new JobOptions(LocalityWait: TimeSpan.Zero, LocalityOff: true)),
            [External] = (url, new JobOptions()),
        };
        var answers = new Dictionary<Mode, JobInfo>();
        Log("warm-up: one job per mode (not measured)");
        foreach (var mode in Modes)
        {
            answers[mode] = await RunJobAsync(client, sources[mode].Source, sources[mode].Options).ConfigureAwait(false);
        }
        var answerProblem = CheckAnswers(table, answers);

        var unlimited = await BandwidthProbe.MeasureAsync(cluster.DataNodeHosts[0], cluster.DataNodeHosts[1], 1L << 30).ConfigureAwait(false);
        Log($"unshaped veth path carries {unlimited / 1e9:0.00} Gbit/s");
        var shapings = new List<Shaping>();
        var samples = new List<Sample>();
        foreach (var rate in Rates)
        {
            shapings.Add(await ShapeAsync(cluster.Network, rate).ConfigureAwait(false));
            for (var run = 1; run <= runs; run++)
            {
                foreach (var mode in Modes)
                {
                    var sample = await MeasureAsync(cluster, store, client, mode, rate, run, sources[mode].Source, sources[mode].Options).ConfigureAwait(false);
                    samples.Add(sample);
                    Log($"  {rate,-12} {mode.Name,-16} run {run}: {sample.Seconds,6:0.00} s, {sample.BytesLocal / 1e6,7:0.0} MB local, {sample.BytesNetwork / 1e6,7:0.0} MB network, datanode CPU {sample.DatanodeCpuSeconds:0.0} s, machine {sample.MachineBusyShare:P0} busy");
                }
            }
        }
        await cluster.Network.ShapeAsync(LinkRate.Unlimited).ConfigureAwait(false);
        return new BenchmarkReport(variant, runs, seed, table, blockSize, started, clock.Elapsed, unlimited, shapings, samples,
            JobQueryFormat(answers[DataLocal]), answerProblem);
    }

    /// <summary>The nodes' block replicas (twice the table) go; their logs stay for a look afterwards.</summary>
    private void RemoveNodeDirectories(string workDirectory)
    {
        foreach (var directory in Directory.Exists(workDirectory) ? Directory.GetDirectories(workDirectory) : [])
        {
            Directory.Delete(directory, recursive: true);
        }
        Log($"node logs kept in {workDirectory}");
    }

    private async Task<Shaping> ShapeAsync(NetnsNetwork network, LinkRate rate)
    {
        try
        {
            var measured = await network.ShapeAsync(rate).ConfigureAwait(false);
            Log(measured is { } m ? $"shaped every link to {rate}: measured {m / 1e6:0.#} Mbit/s" : $"links unshaped ({rate})");
            return new Shaping(rate, measured, null);
        }
        catch (NetnsException ex)
        {
            // The shaping stays set; what it carries is recorded, and the rows are marked as not verified.
            Log($"shaping to {rate} NOT verified: {ex.Message}");
            return new Shaping(rate, null, ex.Message);
        }
    }

    private static async Task<Sample> MeasureAsync(NetnsCluster cluster, NginxServer store, DataLocalClient client, Mode mode, LinkRate rate, int run, string source, JobOptions options)
    {
        var datanodePids = cluster.DataNodeHosts.SelectMany(h => h.ProcessIds()).ToList();
        var storePids = store.ProcessIds();
        var dnCpu = CpuClock.ProcessSeconds(datanodePids);
        var storeCpu = CpuClock.ProcessSeconds(storePids);
        var storeBytes = store.BytesSent();
        var machine = CpuClock.Machine();
        var job = await RunJobAsync(client, source, options).ConfigureAwait(false);
        var machineAfter = CpuClock.Machine();
        // nginx writes its access log line when a response is done; the last ones may trail the job's end by a moment.
        await Task.Delay(200).ConfigureAwait(false);
        return new Sample(mode, rate, run, job.Duration.TotalSeconds, job.BytesReadLocal, job.BytesReadRemote, store.BytesSent() - storeBytes,
            CpuClock.ProcessSeconds(datanodePids) - dnCpu, CpuClock.ProcessSeconds(storePids) - storeCpu,
            (machineAfter.Busy - machine.Busy) / Math.Max(1e-9, machineAfter.Total - machine.Total),
            job.TasksNodeLocal, job.TasksSucceeded);
    }

    private static async Task<JobInfo> RunJobAsync(DataLocalClient client, string source, JobOptions options)
    {
        var id = await client.Jobs.SubmitAsync(Query(source), options).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var job = await client.Jobs.WaitAsync(id, cancellationToken: deadline.Token).ConfigureAwait(false);
        return job.State == "succeeded" ? job : throw new InvalidOperationException($"job {id} over {source} {job.State}: {job.Error}");
    }

    /// <summary>Null when every mode's count and sum(l_quantity) per group equal what the generator counted; else what differs.</summary>
    private static string? CheckAnswers(GeneratedTable table, Dictionary<Mode, JobInfo> answers)
    {
        var expected = string.Join(" ; ", table.Expected.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.ReturnFlag},{e.LineStatus},{e.Count},{e.SumQuantity}")));
        var problems = answers
            .Select(a => (a.Key, Got: string.Join(" ; ", a.Value.Rows.Select(r => string.Join(",", r.Take(4))))))
            .Where(a => a.Got != expected)
            .Select(a => $"{a.Key.Name} answered {a.Got}, expected {expected}")
            .ToList();
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static string JobQueryFormat(JobInfo job) =>
        string.Join("\n", job.Rows.Select(r => "| " + string.Join(" | ", r.Select(v => v ?? "NULL")) + " |"));

    private void Log(string message) => log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

/// <summary>Everything a run measured.</summary>
public sealed record BenchmarkReport(
    BenchmarkVariant Variant, int Runs, int Seed, GeneratedTable Table, long BlockSize, DateTimeOffset Started, TimeSpan Elapsed,
    double UnshapedBitsPerSecond, IReadOnlyList<Shaping> Shapings, IReadOnlyList<Sample> Samples, string AnswerTable, string? AnswerProblem)
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public IEnumerable<Sample> Of(Mode mode, LinkRate rate) => Samples.Where(s => s.Mode == mode && s.Rate == rate);

    public double MedianSeconds(Mode mode, LinkRate rate) => Median(Of(mode, rate).Select(s => s.Seconds));
}
