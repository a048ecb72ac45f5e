using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Scheduling;

/// <summary>
/// A block whose only live holder has just restarted (registered again, block report not in yet) while
/// the other holder is dead: its job waits for the report, within the dead-node window, instead of
/// failing at once with "no live replica" (issue 7).
/// </summary>
public sealed partial class JobManagerTests
{
    [Fact]
    public async Task Submit_HolderReregisteredNotYetReported_OtherHolderDead_JobWaitsAndRunsOnceItReports()
    {
        LoseBothHoldersThenReregister("a");

        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        Assert.Null(_jobs.Pull("c"));
        Assert.Equal("running", _jobs.Get(job.Id)!.State);
        _time.Advance(TimeSpan.FromSeconds(1));
        ReportHolding("a");
        FinishAll(job.Id);

        Assert.Equal("succeeded", _jobs.Get(job.Id)!.State);
    }

    [Fact]
    public async Task Pull_HolderReregisteredNotYetReported_RunningJobsTaskWaitsInsteadOfFailingTheJob()
    {
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        LoseBothHoldersThenReregister("a");

        Assert.Null(_jobs.Pull("c"));
        Assert.Equal("running", _jobs.Get(job.Id)!.State);
        ReportHolding("a");
        FinishAll(job.Id);

        Assert.Equal("succeeded", _jobs.Get(job.Id)!.State);
    }

    [Fact]
    public async Task Pull_ReregisteredHolderNeverReportsWithinTheDeadNodeWindow_JobFailsWithNoLiveReplica()
    {
        LoseBothHoldersThenReregister("a");
        var job = await _jobs.SubmitAsync("q", TimeSpan.Zero, false, 0);
        Assert.Null(_jobs.Pull("c"));
        Assert.Equal("running", _jobs.Get(job.Id)!.State);

        _time.Advance(_options.DeadNodeTimeout);
        Assert.Null(_jobs.Pull("c"));

        var record = _jobs.Get(job.Id)!;
        Assert.Equal("failed", record.State);
        Assert.Contains("no live replica", record.Error, StringComparison.Ordinal);
    }

    // Both holders of every block declared dead and forgotten; then one registers again, its report still to come.
    private void LoseBothHoldersThenReregister(string node)
    {
        _time.Advance(_options.DeadNodeTimeout + TimeSpan.FromSeconds(1));
        _registry.Heartbeat("c", 100, 0, 100, 0);
        Assert.Equal(["a", "b"], _registry.MarkSilentNodesDead(_options.DeadNodeTimeout).Select(n => n.NodeId).Order());
        _blocks.RemoveNode("a");
        _blocks.RemoveNode("b");
        _jobs.OnDatanodeLost("a");
        _jobs.OnDatanodeLost("b");
        _registry.Register(node, "http://" + node, "/default-rack", 100, 0, 100);
    }

    // The node's full block report: it holds a replica of every block.
    private void ReportHolding(string node)
    {
        foreach (var blockId in new long[] { 1, 2, 3 })
        {
            _blocks.AddReplica(blockId, node);
        }
        _registry.MarkBlockReportReceived(node);
    }
}
