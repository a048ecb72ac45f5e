using System.Net;
using System.Net.Http.Headers;
using DataLocal.Client;
using DataLocal.Client.Jobs;
using DataLocal.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DataLocal.Tests.Jobs;

/// <summary>
/// The executor's side of stopping an attempt the namenode no longer wants (a job killed or failed, a
/// speculative copy that lost): the namenode names it in the reply to the executor's running-task
/// listing, and the executor cancels it. Here the attempt is caught mid-read of its input (a web
/// server that never answers the task's range request), so its cancellation is seen from outside:
/// the read is aborted, the attempt ends killed, and nothing of it is kept.
/// </summary>
public sealed class ExecutorCancellationTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _taskReading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _readAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _server = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var file = TestData.Parquet("lineitem-top10000.gzip.parquet");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        // The namenode's footer reads (the last bytes, the first four) are served; a task's read of its
        // row group hangs until the reader gives up, which only a cancelled attempt does.
        _server.Use(async (context, next) =>
        {
            if (RangeHeaderValue.TryParse(context.Request.Headers.Range.ToString(), out var range)
                && range.Ranges.Single() is { From: { } from, To: { } to } && to - from > 1000 && from < 100_000)
            {
                _taskReading.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    _readAborted.TrySetResult();
                }
                return;
            }
            await next(context);
        });
        _server.MapGet("/lineitem.parquet", () => Results.File(file, "application/octet-stream", enableRangeProcessing: true));
        await _server.StartAsync();
        _url = _server.Urls.First() + "/lineitem.parquet";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RunningAttempt_NamenodeSaysStop_ExecutorCancelsItMidRead_AttemptKilledAndNothingKept()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 1, replication: 1,
            configureNameNode: o => o.AllowExternal = ["http://127.0.0.1/"],
            configureDataNode: o => o.RunningListingInterval = TimeSpan.FromMilliseconds(200));
        using var client = cluster.CreateClient();
        var jobId = await client.Jobs.SubmitAsync($"SELECT * FROM '{_url}' WHERE l_quantity > 45", new JobOptions(OutputPath: "/out/cancelled"));
        await _taskReading.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await client.Jobs.KillAsync(jobId);

        await _readAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var attempt = Assert.Single(await client.Jobs.GetTasksAsync(jobId));
        Assert.Equal("killed", attempt.Outcome);
        Assert.Equal("killed", (await client.Jobs.GetAsync(jobId)).State);
        Assert.Equal(0, cluster.BlockStoreOf(0).ReplicaCount);
        await Assert.ThrowsAnyAsync<DataLocalException>(() => client.GetBlocksAsync("/out/cancelled"));
    }
}
