using System.Diagnostics;
using DataLocal.Common.Checksums;
using DataLocal.Common.Query;
using DataLocal.DataNode.Compute;
using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Datanode;
using Google.Protobuf;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// Runs one task attempt: gets the block (local disk or a remote replica), runs the query over it,
/// and says how it went. Errors become the report's one-line message; only errors that another
/// node could not fix either (an unsupported file, a query that does not fit the data) are permanent.
/// </summary>
public sealed class TaskRunner(BlockSourceReader blocks, OutputBlockWriter outputs, BlockStore store, HeldFooters footers)
{
    // A few jobs run at once; each keeps its plan while its tasks arrive.
    private readonly QueryPlanCache _plans = new(capacity: 16);

    public async Task<TaskReport> RunAsync(TaskAssignment task, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var report = new TaskReport { JobId = task.JobId, TaskIndex = task.TaskIndex, Attempt = task.Attempt, NodeId = store.NodeId };
        try
        {
            var plan = _plans.GetOrParse(task.Sql);
            var footer = footers.FooterOf(task);
            var block = await blocks.ReadAsync(task, cancellationToken).ConfigureAwait(false);
            report.BytesLocal = block.BytesLocal;
            report.BytesRemote = block.BytesRemote;
            var input = BlockInput.FromBytes(block.Data, task.BlockOffset, task.FileLength, footer, task.FirstRowGroup, task.RowGroupCount);
            var output = await BlockQueryExecutor.ExecuteAsync(plan, input, cancellationToken).ConfigureAwait(false);
            report.RowsIn = output.RowsIn;
            report.RowsOut = output.RowsOut;
            if (task.WriteOutput)
            {
                // The rows go into the cluster as this task's part file; the namenode gets only its description.
                var rows = ResultMerger.Merge(plan, [output.Result]);
                var file = await ParquetRowWriter.WriteAsync(rows.Columns, rows.Rows, cancellationToken).ConfigureAwait(false);
                report.Output = await outputs.WriteAsync(task, store.NodeId, file, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var partial = output.Result.ToBytes();
                if (task.MaxResultBytes > 0 && partial.Length > task.MaxResultBytes)
                {
                    // Sending it would only make the namenode hold what it must refuse; its size is enough for the job's error.
                    report.WithheldResultBytes = partial.Length;
                    report.Error = $"its partial result ({partial.Length} bytes) is over the job's result limit ({task.MaxResultBytes} bytes)";
                    report.Permanent = true;
                    report.DurationMs = clock.ElapsedMilliseconds;
                    return report;
                }
                report.PartialResult = ByteString.CopyFrom(partial);
                // The namenode takes the result only if its bytes still match this when they arrive.
                report.ResultCrc32C = Crc32C.Compute(partial);
            }
            report.Succeeded = true;
        }
        catch (Exception ex) when (ex is QueryException or UnsupportedParquetException)
        {
            report.Error = ex.Message;
            report.Permanent = true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A cancellation nobody asked for is a timeout inside the task (an HTTP range read, a
            // remote replica read): an ordinary failure to report and retry, not a reason to go silent.
            report.Error = ex is OperationCanceledException
                ? $"timed out: {ex.Message}".ReplaceLineEndings(" ")
                : $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" ");
        }
        report.DurationMs = clock.ElapsedMilliseconds;
        return report;
    }
}
