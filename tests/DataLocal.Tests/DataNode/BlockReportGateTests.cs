using DataLocal.DataNode.NameNodeLink;

namespace DataLocal.Tests.DataNode;

public sealed class BlockReportGateTests
{
    [Fact]
    public async Task RunAsync_ReportUnderWay_NextReportWaitsUntilItIsAnswered()
    {
        using var gate = new BlockReportGate();
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = false;

        var full = gate.RunAsync(() => answer.Task, CancellationToken.None);
        var incremental = gate.RunAsync(() =>
        {
            secondStarted = true;
            return Task.FromResult(2);
        }, CancellationToken.None);
        await Task.Delay(50);

        Assert.False(secondStarted, "an incremental report started while a full report was still in flight");
        answer.SetResult(1);
        Assert.Equal(1, await full);
        Assert.Equal(2, await incremental);
        Assert.True(secondStarted);
    }

    [Fact]
    public async Task RunAsync_ReportFails_GateOpensForTheNext()
    {
        using var gate = new BlockReportGate();

        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(() => throw new InvalidOperationException("namenode gone"), CancellationToken.None));

        Assert.Equal(3, await gate.RunAsync(() => Task.FromResult(3), CancellationToken.None));
    }
}
