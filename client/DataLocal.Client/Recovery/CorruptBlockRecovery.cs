using DataLocal.Client.Model;
using DataLocal.Common.Grpc;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Transfer;
using Grpc.Core;

namespace DataLocal.Client.Recovery;

/// <summary>
/// Rebuilds a corrupt block (no good replica left) for `fs fsck --recover`: fetches every corrupt
/// replica unverified, rebuilds the block from the chunks that still verify (see
/// <see cref="BlockRebuilder"/>), and writes the result as a new replica. The datanode reports it
/// like any written replica, so the namenode counts it good; the replication monitor then copies it
/// to the block's full replication and only afterwards deletes the corrupt replicas.
/// </summary>
internal sealed class CorruptBlockRecovery(GrpcChannelPool channels, Admin.AdminClient admin, string nameNodeAddress)
{
    /// <summary>Rebuilds the block; returns the node now holding a good replica. Throws <see cref="BlockRebuildException"/> when it cannot.</summary>
    public async Task<string> RecoverAsync(BlockInfo block, CancellationToken cancellationToken)
    {
        var images = new List<ReplicaImage>();
        var stamps = new List<long>();
        var unreadable = new List<string>();
        foreach (var replica in block.CorruptReplicas)
        {
            try
            {
                var (image, stamp) = await FetchAsync(block, replica, cancellationToken).ConfigureAwait(false);
                images.Add(image);
                stamps.Add(stamp);
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                unreadable.Add($"{replica.NodeId}: {ex.Status.Detail}");
            }
        }
        if (images.Count == 0)
        {
            throw new BlockRebuildException(block.BlockId, $"none of its {block.CorruptReplicas.Count} corrupt replicas could be read ({string.Join("; ", unreadable)})");
        }
        var rebuilt = BlockRebuilder.Rebuild(block.BlockId, block.Length, images);
        var target = await ChooseTargetAsync(block, cancellationToken).ConfigureAwait(false);
        try
        {
            // The namenode believes the rebuilt replica only with the block's stamp, which every
            // replica it counted (corrupt ones included) was reported with; a datanode tells it only
            // for a replica that really fails its checksums (0 otherwise, and for pre-stamp blocks).
            await new BlockUploader(channels).UploadAsync(new StampedBlock(block.BlockId, stamps.Max(), block.Token), rebuilt.Data, [target], cancellationToken).ConfigureAwait(false);
        }
        catch (PipelineWriteException ex)
        {
            throw new DataLocalException($"block {block.BlockId}: rebuilt, but could not store it on {target.NodeId}: {ex.Message}; run the recovery again", ex);
        }
        return target.NodeId;
    }

    private async Task<(ReplicaImage Image, long GenerationStamp)> FetchAsync(BlockInfo block, ReplicaLocation replica, CancellationToken cancellationToken)
    {
        var client = new DataTransfer.DataTransferClient(channels.For(replica.Address));
        using var call = client.ReadUnverifiedReplica(new ReadBlockRequest { BlockId = block.BlockId, BlockToken = block.Token }, cancellationToken: cancellationToken);
        StoredChecksums? checksums = null;
        using var data = new MemoryStream();
        await foreach (var piece in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            checksums ??= piece.Checksums;
            await data.WriteAsync(piece.Data.Memory, cancellationToken).ConfigureAwait(false);
        }
        var readable = checksums is { BytesPerChecksum: > 0 };
        return (new ReplicaImage(replica.NodeId, data.ToArray(), readable ? checksums!.BytesPerChecksum : 0, readable ? [.. checksums!.Checksums] : null),
            checksums?.GenerationStamp ?? 0);
    }

    // A live in-service node that holds nothing of the block first, so no corrupt replica is touched
    // until the block is healthy; in a cluster with no such node, a corrupt holder, whose corrupt
    // replica the good one replaces on disk only once it is complete.
    private async Task<BlockTarget> ChooseTargetAsync(BlockInfo block, CancellationToken cancellationToken)
    {
        var report = await RpcErrors.CallNameNodeAsync(nameNodeAddress, async () =>
            await admin.GetClusterReportAsync(new ClusterReportRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
        var holders = block.CorruptReplicas.Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
        var candidates = report.Datanodes.Where(d => d.State == "live" && d.AdminState == "normal").ToList();
        var target = candidates.Where(d => !holders.Contains(d.NodeId)).OrderByDescending(d => d.RemainingBytes).FirstOrDefault()
            ?? candidates.FirstOrDefault(d => holders.Contains(d.NodeId))
            ?? throw new DataLocalException($"block {block.BlockId}: no live datanode can take the rebuilt replica; start one and run the recovery again");
        return new BlockTarget(target.NodeId, target.Address);
    }
}
