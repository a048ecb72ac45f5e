using System.Diagnostics;
using DataLocal.Client;
using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Hosting;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Datanode;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataLocal.NamenodeBench;

/// <summary>What one namenode of one size measured.</summary>
public sealed record SizeResult(
    int Blocks,
    int Files,
    double BuildSeconds,
    double FirstStartSeconds,
    double ReportSeconds,
    long HeapPerBlockLoaded,
    long RssPerBlockLoaded,
    Rate Locate,
    Rate LocateLast,
    Rate LocateInProcess,
    Rate Stat,
    Rate Missing,
    Rate Create,
    long HeapPerBlockAfterLoad,
    long RssPerBlockAfterLoad,
    double RestartSeconds,
    double RestartReportSeconds,
    double QuietSeconds);

/// <summary>
/// One namenode on a LiteDB directory holding <see cref="SyntheticNamespace.Blocks"/> blocks, three
/// fake datanodes reporting a replica of every block, and the client API driven against it over gRPC.
/// </summary>
public sealed class SizeRun(SyntheticNamespace space, int callers, TimeSpan duration)
{
    // Blocks the create rate wrote, which the fake datanodes must report after the restart too.
    private readonly System.Collections.Concurrent.ConcurrentBag<ReplicaInfo> _created = [];

    public async Task<SizeResult> RunAsync(string directory)
    {
        var build = Stopwatch.StartNew();
        space.WriteTo(directory);
        var buildSeconds = build.Elapsed.TotalSeconds;
        Log($"built {space.Blocks:N0} blocks in {space.Files:N0} files in {buildSeconds:0.0} s");

        var before = MemoryProbe.Take();

        var (host, firstStart) = await StartAsync(directory);
        var (datanodes, reportSeconds) = await ReportAsync(host);
        Log($"started in {firstStart:0.00} s, reports applied in {reportSeconds:0.00} s");
        var loaded = MemoryProbe.Take() - before;

        using var client = new DataLocalClient(host.RpcAddress, new DataLocalClientOptions { Token = AdminToken(host) });
        var quietSeconds = await QuietProcess.WaitAsync(TimeSpan.FromMinutes(2));
        Log($"quiet after {quietSeconds:0.0} s");
        async Task LocateOnce()
        {
            var blocks = await client.GetBlocksAsync(space.FilePath(Random.Shared.Next(space.Files)));
            Expect(blocks.Count > 0 && blocks[0].Replicas.Count == SyntheticNamespace.Replication, "a located block with all its replicas");
        }
        var locate = await Load.RunAsync(callers, duration, (_, _) => LocateOnce());
        Log($"locate: {locate.PerSecond:N0}/s, {locate.CpuMicrosecondsPerOperation:N0} µs CPU each");
        // The namenode's own work per locate, without the RPC around it: how HDFS's NNThroughputBenchmark
        // measures its "open". Task.Yield puts each caller on the thread pool, so they run in parallel.
        var locations = host.Services.GetRequiredService<FileBlockLocations>();
        var benchAdmin = new DataLocal.Common.Security.CallerIdentity("bench", IsAdmin: true, IsClusterMember: false);
        var locateInProcess = await Load.RunAsync(callers, duration, async (_, _) =>
        {
            await Task.Yield();
            var reply = locations.Locate(benchAdmin, space.FilePath(Random.Shared.Next(space.Files)));
            Expect(reply.Blocks.Count > 0 && reply.Blocks[0].Replicas.Count == SyntheticNamespace.Replication, "a located block with all its replicas");
        });
        Log($"locate in process (no RPC): {locateInProcess.PerSecond:N0}/s, {locateInProcess.CpuMicrosecondsPerOperation:N0} µs CPU each");
        var stat = await Load.RunAsync(callers, duration, async (_, _) =>
            Expect(await client.StatAsync(space.FilePath(Random.Shared.Next(space.Files))) is not null, "a file"));
        Log($"stat: {stat.PerSecond:N0}/s, {stat.CpuMicrosecondsPerOperation:N0} µs CPU each");
        // The floor under every read: one RPC through both gRPC stacks and one index lookup that finds nothing.
        var missing = await Load.RunAsync(callers, duration, async (_, _) =>
            Expect(await client.StatAsync("/no/such/file") is null, "nothing"));
        Log($"stat of a missing path: {missing.PerSecond:N0}/s, {missing.CpuMicrosecondsPerOperation:N0} µs CPU each");
        // Locate once more, after every other read: the first rate measured carried costs of its own (see the report).
        var locateLast = await Load.RunAsync(callers, duration, (_, _) => LocateOnce());
        Log($"locate, measured again after the other reads: {locateLast.PerSecond:N0}/s, {locateLast.CpuMicrosecondsPerOperation:N0} µs CPU each");
        var create = await CreateAsync(host, datanodes);
        Log($"create: {create.PerSecond:N0}/s, {create.CpuMicrosecondsPerOperation:N0} µs CPU each");
        var afterLoad = MemoryProbe.Take() - before;

        await datanodes.DisposeAsync();
        await host.DisposeAsync();
        var (restarted, restartSeconds) = await StartAsync(directory);
        var (reportedAgain, restartReportSeconds) = await ReportAsync(restarted);
        Log($"restarted in {restartSeconds:0.00} s, reports applied in {restartReportSeconds:0.00} s");
        await reportedAgain.DisposeAsync();
        await restarted.DisposeAsync();

        return new SizeResult(
            space.Blocks, space.Files, buildSeconds, firstStart, reportSeconds,
            loaded.HeapBytes / space.Blocks, loaded.RssBytes / space.Blocks,
            locate, locateLast, locateInProcess, stat, missing, create,
            afterLoad.HeapBytes / space.Blocks, afterLoad.RssBytes / space.Blocks,
            restartSeconds, restartReportSeconds, quietSeconds);
    }

    // The namenode makes its first admin's token and the cluster secret in its directory when it has none.
    private static string AdminToken(NameNodeHost host) =>
        DataLocal.Common.Security.SecretFile.Read(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NameNodeOptions>>().Value.AdminTokenPath);

    private static string ClusterSecret(NameNodeHost host) =>
        DataLocal.Common.Security.SecretFile.Read(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NameNodeOptions>>().Value.ClusterSecretPath);

    /// <summary>Starts a namenode and times it until it answers a client with its whole block map loaded.</summary>
    private async Task<(NameNodeHost Host, double Seconds)> StartAsync(string directory)
    {
        var stopwatch = Stopwatch.StartNew();
        var host = await NameNodeHost.StartAsync(
            new NameNodeOptions
            {
                Directory = directory,
                Port = 0,
                HttpPort = -1,
            },
            logging => logging.ClearProviders());
        using var client = new DataLocalClient(host.RpcAddress, new DataLocalClientOptions { Token = AdminToken(host) });
        Expect(await client.StatAsync(space.FilePath(space.Files - 1)) is not null, "the last file after start-up");
        Expect(host.Services.GetRequiredService<BlockMap>().BlockCount >= space.Blocks, "every block in the block map");
        return (host, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>Registers the fake datanodes and their full block reports, timed until the namenode leaves safe mode.</summary>
    private async Task<(FakeDatanodes Datanodes, double Seconds)> ReportAsync(NameNodeHost host)
    {
        var replicas = space.AllBlocks()
            .Select(b => new ReplicaInfo { BlockId = b.BlockId, Length = b.Length, GenerationStamp = SyntheticNamespace.GenerationStamp })
            .Concat(_created)
            .ToList();
        var stopwatch = Stopwatch.StartNew();
        var datanodes = await FakeDatanodes.StartAndReportAsync(host.RpcAddress, ClusterSecret(host), SyntheticNamespace.Replication, replicas);
        Expect(!host.Services.GetRequiredService<SafeMode>().IsOn, "safe mode left once every block is reported");
        return (datanodes, stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Creates one-block files through the write RPCs a client and its pipeline make: CreateFile,
    /// AddBlock, each pipeline node's "received" report, CompleteFile. No bytes move: this is the
    /// namenode's share of a write.
    /// </summary>
    private async Task<Rate> CreateAsync(NameNodeHost host, FakeDatanodes datanodes)
    {
        using var channel = DataLocal.Common.Security.CredentialChannel.For(host.RpcAddress, AdminToken(host));
        var namenode = new ClientNamenode.ClientNamenodeClient(channel);
        const long length = 1024;
        return await Load.RunAsync(callers, duration, async (caller, index) =>
        {
            var write = await namenode.CreateFileAsync(new CreateFileRequest { Path = $"/created/c{caller}/f{index}", Replication = SyntheticNamespace.Replication });
            var block = await namenode.AddBlockAsync(new AddBlockRequest { WriteId = write.WriteId });
            var replica = new ReplicaInfo { BlockId = block.BlockId, Length = length, GenerationStamp = block.GenerationStamp };
            await datanodes.ReportReceivedAsync(block.Pipeline.Select(p => p.NodeId), replica);
            var complete = new CompleteFileRequest { WriteId = write.WriteId, Length = length };
            complete.Blocks.Add(new WrittenBlock { BlockId = block.BlockId, Length = length });
            await namenode.CompleteFileAsync(complete);
            _created.Add(replica);
        });
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"expected {what}");
        }
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
