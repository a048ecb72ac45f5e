using DataLocal.Common.Grpc;
using DataLocal.Common.Security;
using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Datanode;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Carries out one of the namenode's copy orders: streams a local replica (checksums verified on
/// the way out) through a pipeline of the target nodes, which report the new replicas themselves.
/// <see cref="ReplicaCopyWorkers"/> decides when and how many at once.
/// </summary>
public sealed class ReplicaCopier(BlockStore store, BlockUploader uploader, ReplicaReporter reporter, BlockTokenVerifier tokens, ILogger<ReplicaCopier> logger)
{
    public async Task CopyAsync(ReplicateBlockCommand command, CancellationToken cancellationToken)
    {
        try
        {
            // An order is obeyed only with the namenode's COPY grant, which the targets check in turn.
            tokens.CheckCopy(command.BlockToken, command.BlockId);
            var replica = store.OpenReplica(command.BlockId);
            // The copy carries the stamp stored with the replica, so the targets' reports match the namenode's record as this one's did.
            var stamp = store.GenerationStampOf(command.BlockId) ?? throw new ReplicaNotFoundException(command.BlockId);
            var filler = new ReplicaPieceFiller(replica, BlockUploader.PieceSize);
            await using (filler.ConfigureAwait(false))
            {
                await uploader.UploadAsync(new StampedBlock(command.BlockId, stamp, command.BlockToken), replica.Length, [.. command.Targets.Select(t => new BlockTarget(t.NodeId, t.Address))], filler.FillAsync, cancellationToken)
                    .ConfigureAwait(false);
            }
            logger.ReplicaCopied(command.BlockId, command.Targets.Count);
        }
        catch (CorruptReplicaException)
        {
            await reporter.ReportCorruptAsync(command.BlockId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReplicaNotFoundException or PipelineWriteException or IOException or BlockTokenException)
        {
            // The namenode orders the copy again once its in-flight timeout passes.
            logger.ReplicaCopyFailed(command.BlockId, ex.Message);
        }
    }
}
