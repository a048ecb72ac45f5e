using DataLocal.Common.Parquet;
using System.Security.Cryptography;
using DataLocal.Client.Layout;
using DataLocal.Common.Grpc;
using DataLocal.Protocol.Client;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.Client.Writing;

/// <summary>
/// Stores a local file: opens a write on the namenode, sends each planned block through a
/// pipeline (retrying a failed pipeline on other nodes), then commits. Any failure abandons the
/// write, so a failed put leaves no visible file.
/// </summary>
internal sealed class FileUploader(ClientNamenode.ClientNamenodeClient namenode, string namenodeAddress, BlockUploader uploader)
{
    /// <summary>Pipelines tried per block before the put fails: one retry per lost node of a 3-node pipeline.</summary>
    public const int MaxPipelineAttempts = 4;

    public async Task<PutResult> UploadAsync(string localPath, string path, PutOptions options, FilePlan plan, CancellationToken cancellationToken)
    {
        // Hashing runs beside the upload (it reads the same, page-cached bytes) instead of before it.
        var hashing = HashAsync(localPath, cancellationToken);
        var create = await RpcErrors.CallNameNodeAsync(namenodeAddress, async () => await namenode.CreateFileAsync(new CreateFileRequest
        {
            Path = path,
            Replication = options.Replication,
            BlockSize = options.BlockSize,
            Overwrite = options.Overwrite,
            ClientName = $"datalocal-client-{Environment.ProcessId}",
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var completed = false;
        try
        {
            var blocks = plan.Split(create.BlockSize);
            var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous);
            var request = new CompleteFileRequest
            {
                WriteId = create.WriteId,
                Length = plan.Length,
                IsParquet = plan.IsParquet,
                ParquetFooter = plan.Footer is null ? ByteString.Empty : ByteString.CopyFrom(plan.Footer),
            };
            await using (source.ConfigureAwait(false))
            {
                foreach (var block in blocks)
                {
                    var blockId = await WriteBlockAsync(create.WriteId, source, block, options.Progress, cancellationToken).ConfigureAwait(false);
                    request.Blocks.Add(ToProto(blockId, block));
                }
            }
            var sha256 = await hashing.ConfigureAwait(false);
            request.Sha256 = sha256;
            await RpcErrors.CallNameNodeAsync(namenodeAddress, async () => await namenode.CompleteFileAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            completed = true;
            return new PutResult(path, plan.Length, blocks.Count, plan.IsParquet, blocks.Sum(b => b.RowCount), sha256, plan.UnsupportedFeature);
        }
        finally
        {
            if (!completed)
            {
                await AbandonQuietlyAsync(create.WriteId).ConfigureAwait(false);
            }
        }
    }

    private async Task<long> WriteBlockAsync(string writeId, FileStream source, BlockRange block, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var excluded = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            var request = new AddBlockRequest { WriteId = writeId };
            request.ExcludedNodeIds.AddRange(excluded);
            var allocated = await RpcErrors.CallNameNodeAsync(namenodeAddress, async () => await namenode.AddBlockAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false);
            try
            {
                await uploader.UploadAsync(new StampedBlock(allocated.BlockId, allocated.GenerationStamp, allocated.BlockToken), block.Length, [.. allocated.Pipeline.Select(n => new BlockTarget(n.NodeId, n.Address))],
                    async (buffer, offset, ct) =>
                    {
                        await ReadExactlyAsync(source, buffer, block.Offset + offset, ct).ConfigureAwait(false);
                        // Read to be sent: a retried pipeline starts its block again, so the count may step back.
                        progress?.Report(block.Offset + offset + buffer.Length);
                    }, cancellationToken).ConfigureAwait(false);
                return allocated.BlockId;
            }
            catch (PipelineWriteException ex) when (!cancellationToken.IsCancellationRequested)
            {
                await namenode.AbandonBlockAsync(new AbandonBlockRequest { WriteId = writeId, BlockId = allocated.BlockId }, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (attempt == MaxPipelineAttempts)
                {
                    throw new DataLocalException($"could not store block at offset {block.Offset} after {attempt} pipelines; last error: {ex.Message}", ex);
                }
                excluded.Add(ex.FailedNodeId);
            }
        }
    }

    private static async ValueTask ReadExactlyAsync(FileStream source, Memory<byte> buffer, long fileOffset, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await RandomAccess.ReadAsync(source.SafeFileHandle, buffer, fileOffset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new DataLocalException($"{source.Name} shrank while it was being stored; put it again");
            }
            buffer = buffer[read..];
            fileOffset += read;
        }
    }

    private async Task AbandonQuietlyAsync(string writeId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await namenode.AbandonFileAsync(new AbandonFileRequest { WriteId = writeId }, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The namenode expires the write's lease and deletes its blocks on its own.
        }
    }

    private static WrittenBlock ToProto(long blockId, BlockRange block)
    {
        var proto = new WrittenBlock
        {
            BlockId = blockId,
            Offset = block.Offset,
            Length = block.Length,
            FirstRowGroup = block.FirstRowGroup,
            RowGroupCount = block.RowGroupCount,
            RowCount = block.RowCount,
        };
        proto.Columns.AddRange(block.Columns.Select(c => new Protocol.Client.ColumnStatistics
        {
            Column = c.Column,
            Min = c.Min ?? string.Empty,
            Max = c.Max ?? string.Empty,
            HasMinMax = c.Min is not null && c.Max is not null,
            NullCount = c.NullCount ?? -1,
        }));
        return proto;
    }

    private static async Task<string> HashAsync(string localPath, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var stream = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }
}
