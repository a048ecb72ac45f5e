using DataLocal.Common.Grpc;
using DataLocal.Common.Parquet;
using DataLocal.Protocol.Datanode;
using DataLocal.Protocol.Transfer;
using Google.Protobuf;

namespace DataLocal.DataNode.Executor;

/// <summary>
/// Stores a task's output file into the cluster as one block: asks the namenode for a block whose
/// pipeline starts at this node, streams it through the ordinary write pipeline, and describes the
/// file (footer, rows, statistics) for the namenode to commit when the job succeeds.
/// </summary>
public sealed class OutputBlockWriter(GrpcChannelPool channels, TaskExchange.TaskExchangeClient exchange)
{
    private const int PieceSize = 1024 * 1024;

    public async Task<OutputFile> WriteAsync(TaskAssignment task, string nodeId, byte[] file, CancellationToken cancellationToken)
    {
        var allocated = await exchange.AllocateOutputBlockAsync(new AllocateOutputBlockRequest
        {
            JobId = task.JobId,
            TaskIndex = task.TaskIndex,
            Attempt = task.Attempt,
            NodeId = nodeId,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);

        var first = allocated.Pipeline[0];
        using var call = new DataTransfer.DataTransferClient(channels.For(first.Address)).WriteBlock(cancellationToken: cancellationToken);
        var header = new WriteBlockHeader { BlockId = allocated.BlockId, ExpectedLength = file.Length };
        header.Downstream.AddRange(allocated.Pipeline.Skip(1).Select(n => new PipelineTarget { NodeId = n.NodeId, Address = n.Address }));
        for (var offset = 0; offset < file.Length || offset == 0; offset += PieceSize)
        {
            var piece = new WriteBlockChunk { Data = UnsafeByteOperations.UnsafeWrap(file.AsMemory(offset, Math.Min(PieceSize, file.Length - offset))) };
            if (offset == 0)
            {
                piece.Header = header;
            }
            await call.RequestStream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
        }
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        await call.ResponseAsync.ConfigureAwait(false);

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
