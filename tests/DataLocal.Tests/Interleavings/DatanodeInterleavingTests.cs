using DataLocal.NameNode;
using DataLocal.NameNode.Blocks;
using DataLocal.Tests.NameNode;
using DataLocal.NameNode.Datanodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// Dead-mark, re-registration and block reports of one datanode, interleaved by the deterministic
/// scheduler over the real DatanodeRegistry, HeartbeatMonitor, BlockMap and BlockReportProcessor.
/// After every step: the node's registration generation never goes back, and while the node is
/// live, every replica it reported in its current registration (full or incremental report, still
/// on its disk) is in the block map.
/// </summary>
public sealed class DatanodeInterleavingTests
{
    [Fact]
    public void DeadMarkReregisterReport_1000Schedules_LiveReplicasNeverForgotten() =>
        InterleavingExplorer.Explore(() => new OneDatanode(), ScheduleLoopFactAttribute.InSuite);

    [ScheduleLoopFact]
    public void DeadMarkReregisterReport_LongRun() =>
        InterleavingExplorer.Explore(() => new OneDatanode(), ScheduleLoopFactAttribute.Schedules!.Value, ScheduleLoopFactAttribute.FirstSeed);

    /// <summary>
    /// The schedule the exploration found before datanodes sent their reports one at a time
    /// (BlockReportGate): a full report built before block 3 was written arrives after block 3's
    /// incremental report and wipes the replica the live node had just reported.
    /// </summary>
    [Fact]
    public void FullReportOvertakenByIncremental_WithoutTheReportGate_ForgetsTheNewReplica()
    {
        // Seed 30: the heartbeat loop builds a full report of blocks 1 and 2; block 3 is written and
        // reported incrementally; the full report lands last.
        var failure = Assert.Throws<ScheduleFailedException>(() => InterleavingExplorer.Run(() => new OneDatanode(serializedReports: false), seed: 30));

        Assert.Contains("reported block 3 in this registration, but the block map forgot that replica", failure.Message, StringComparison.Ordinal);
        InterleavingExplorer.Run(() => new OneDatanode(serializedReports: true), seed: 30);
    }

    /// <summary>
    /// Datanode "a" registered and reported blocks 1 and 2, then went quiet past the dead-node
    /// timeout. The heartbeat monitor checks it; its heartbeat loop heartbeats (re-registering and
    /// sending a full report when told it was forgotten, a periodic full report otherwise); a write
    /// puts block 3 on its disk and reports it incrementally. A report is built on the datanode and
    /// applied on the namenode later: another step may fall in between, as on a network; the
    /// datanode sends one report at a time (its BlockReportGate).
    /// </summary>
    internal sealed class OneDatanode : IInterleavingScenario
    {
        private const string Node = "a";
        private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        private readonly DatanodeRegistry _registry;
        private readonly BlockMap _blocks = new();
        private readonly BlockReportProcessor _reports;
        private readonly HeartbeatMonitor _monitor;

        // The datanode's side: what is on its disk and the registration it believes it has.
        private readonly HashSet<long> _disk = [1, 2];
        private long _registration;

        // Per registration generation, the replicas the node reported in it.
        private readonly Dictionary<long, HashSet<long>> _reported = [];
        private long _highestGeneration;

        private readonly bool _serializedReports;
        private bool _reportUnderWay;

        /// <param name="serializedReports">Whether the datanode sends one report at a time, as its BlockReportGate makes it.</param>
        public OneDatanode(bool serializedReports = true)
        {
            _serializedReports = serializedReports;
            _registry = new DatanodeRegistry(_time);
            var options = Options.Create(new NameNodeOptions { DeadNodeTimeout = TimeSpan.FromSeconds(10) });
            var safeMode = new SafeMode(_blocks);
            safeMode.Leave();
            _reports = new BlockReportProcessor(_blocks, new PendingDeletions(), new UnknownReplicas(), safeMode, NullLogger<BlockReportProcessor>.Instance);
            _monitor = new HeartbeatMonitor(_registry, _blocks, [], options, _time, NullLogger<HeartbeatMonitor>.Instance);
            foreach (var block in new long[] { 1, 2, 3 })
            {
                _blocks.AddBlock(block, GenerationStamps.None);
            }
            _registration = Register();
            ApplyFullReport(_registration, [.. _disk]);
            _time.Advance(TimeSpan.FromSeconds(11));
            Operations =
            [
                new("heartbeat monitor", _ => _monitor.CheckOnce()),
                new("datanode heartbeat loop", HeartbeatLoop),
                new("datanode write", Write),
            ];
        }

        public IReadOnlyList<ScheduledOperation> Operations { get; }

        public void CheckInvariants(ScheduleView view)
        {
            var node = _registry.Find(Node)!;
            Assert.True(node.Generation >= _highestGeneration, $"the registration generation went back from {_highestGeneration} to {node.Generation}");
            _highestGeneration = node.Generation;
            if (node.State != DatanodeState.Live || !_reported.TryGetValue(node.Generation, out var reported))
            {
                return;
            }
            foreach (var block in reported)
            {
                Assert.True(_blocks.ReplicasOf(block).Contains(Node),
                    $"live node {Node} (registration {node.Generation}) reported block {block} in this registration, but the block map forgot that replica");
            }
        }

        public void CheckFinal()
        {
        }

        public void Dispose()
        {
        }

        private void HeartbeatLoop(OperationContext context)
        {
            if (!_registry.Heartbeat(Node, 1L << 30, 0, 1L << 30, 0))
            {
                context.Point("datanode: told to re-register");
                _registration = Register();
            }
            context.Point("datanode: heartbeat answered");
            BeginReport(context);
            var registration = _registration;
            var snapshot = _disk.ToList();
            context.Point("datanode: full report in flight");
            ApplyFullReport(registration, snapshot);
            _reportUnderWay = false;
        }

        private void Write(OperationContext context)
        {
            _disk.Add(3);
            context.Point("datanode: block 3 on disk");
            BeginReport(context);
            var registration = _registration;
            context.Point("datanode: incremental report in flight");
            _reports.ApplyIncrementalReport(Node, LegacyReplicas.Of(3), [], []);
            Reported(registration).Add(3);
            _reportUnderWay = false;
        }

        // The datanode's BlockReportGate: a report is built, sent and answered before the next one starts.
        private void BeginReport(OperationContext context)
        {
            if (_serializedReports)
            {
                context.WaitUntil("report gate", () => !_reportUnderWay);
                _reportUnderWay = true;
            }
        }

        private long Register() => _registry.Register(Node, "http://a", "/default-rack", 1L << 30, 0, 1L << 30).Generation;

        private void ApplyFullReport(long registration, List<long> blocks)
        {
            _reports.ApplyFullReport(Node, LegacyReplicas.Of([.. blocks]), new HashSet<long>());
            _registry.MarkBlockReportReceived(Node);
            Reported(registration).UnionWith(blocks);
        }

        private HashSet<long> Reported(long registration)
        {
            if (!_reported.TryGetValue(registration, out var reported))
            {
                reported = [];
                _reported[registration] = reported;
            }
            return reported;
        }
    }
}
