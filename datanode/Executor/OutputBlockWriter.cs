using DataLocal.Common.Grpc;
using DataLocal.Common.Parquet;
using DataLocal.Protocol.Datanode;
using Google.Protobuf;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// Stores a task's output file into the cluster as one block: asks the namenode for a block whose
/// pipeline starts at this node, streams it through the ordinary write pipeline, and describes the
/// file (footer, rows, statistics) for the namenode to commit when the job succeeds.
/// </summary>
public sealed class OutputBlockWriter(BlockUploader uploader, TaskExchange.TaskExchangeClient exchange)
{
    public async Task<OutputFile> WriteAsync(TaskAssignment task, string nodeId, byte[] file, CancellationToken cancellationToken)
    {
        var allocated = await exchange.AllocateOutputBlockAsync(new AllocateOutputBlockRequest
        {
            JobId = task.JobId,
            TaskIndex = task.TaskIndex,
            Attempt = task.Attempt,
            NodeId = nodeId,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

        await uploader.UploadAsync(new StampedBlock(allocated.BlockId, allocated.GenerationStamp, allocated.BlockToken), file, [.. allocated.Pipeline.Select(n => new BlockTarget(n.NodeId, n.Address))], cancellationToken).ConfigureAwait(false);

        var layout = ParquetFooterReader.Read(new MemoryStream(file, writable: false));
        var whole = ParquetBlockSplitter.Split(layout, long.MaxValue).Single();
        var output = new OutputFile
        {
            BlockId = allocated.BlockId,
            Length = file.Length,
            RowCount = whole.RowCount,
            RowGroupCount = whole.RowGroupCount,
            Footer = ByteString.CopyFrom(layout.Footer),
        };
        output.Columns.AddRange(whole.Columns.Select(c => new OutputColumnStatistics
        {
            Column = c.Column,
            Min = c.Min ?? string.Empty,
            Max = c.Max ?? string.Empty,
            HasMinMax = c.Min is not null && c.Max is not null,
            NullCount = c.NullCount ?? -1,
        }));
        return output;
    }
}
