using DataLocal.Common.Grpc;
using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Datanode;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.NameNodeLink;

/// <summary>
/// Carries out the namenode's copy orders: sends a local replica (checksums verified on the way
/// out) through a pipeline of the target nodes, which report the new replicas themselves.
/// </summary>
public sealed class ReplicaCopier(BlockStore store, BlockUploader uploader, ReplicaReporter reporter, ILogger<ReplicaCopier> logger)
{
    /// <summary>Runs the copies in the background so heartbeats keep their rhythm.</summary>
    public void Start(IEnumerable<ReplicateBlockCommand> commands, CancellationToken stoppingToken)
    {
        foreach (var command in commands)
        {
            _ = Task.Run(() => CopyAsync(command, stoppingToken), stoppingToken);
        }
    }

    public async Task CopyAsync(ReplicateBlockCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var data = await store.OpenReplica(command.BlockId).ReadAllAsync(BlockUploader.PieceSize, cancellationToken).ConfigureAwait(false);
            await uploader.UploadAsync(command.BlockId, data, [.. command.Targets.Select(t => new BlockTarget(t.NodeId, t.Address))], cancellationToken).ConfigureAwait(false);
            logger.ReplicaCopied(command.BlockId, command.Targets.Count);
        }
        catch (CorruptReplicaException)
        {
            await reporter.ReportCorruptAsync(command.BlockId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ReplicaNotFoundException or PipelineWriteException or IOException)
        {
            // The namenode orders the copy again once its in-flight timeout passes.
            logger.ReplicaCopyFailed(command.BlockId, ex.Message);
        }
    }
}
