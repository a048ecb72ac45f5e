using DataLocal.DataNode.Storage;
using DataLocal.Protocol.Transfer;
using Google.Protobuf;
using Grpc.Core;

namespace DataLocal.DataNode.Transfer;

/// <summary>
/// Serves a replica's raw bytes and stored checksums without verifying them, for rebuilding a block
/// whose every replica is corrupt. The only path that may hand out unverified bytes; the client
/// checks every chunk itself before using any of it.
/// </summary>
public sealed class UnverifiedReplicaSender(BlockStore store, TransferCounter transfers)
{
    public async Task SendAsync(long blockId, IServerStreamWriter<UnverifiedReplicaChunk> output, CancellationToken cancellationToken)
    {
        using var _ = transfers.Begin();
        var replica = store.OpenUnverified(blockId);
        // The stamp is what makes a rebuilt replica believed, and anyone can call this: handed out for
        // a good replica, it would let a forged datanode's claim to hold the block be believed too.
        var stamp = await store.FailsVerificationAsync(blockId, cancellationToken).ConfigureAwait(false) ? replica.GenerationStamp : 0;
        var data = ReplicaFile.OpenRead(replica.DataPath, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (data.ConfigureAwait(false))
        {
            var checksums = new StoredChecksums { DataLength = data.Length, GenerationStamp = stamp, ChecksumError = replica.ChecksumError ?? string.Empty };
            if (replica.Checksums is { } stored)
            {
                checksums.BytesPerChecksum = stored.BytesPerChunk;
                checksums.Checksums.AddRange(stored.Checksums);
            }
            await output.WriteAsync(new UnverifiedReplicaChunk { Checksums = checksums }, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[BlockSender.PieceSize];
            int read;
            while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await output.WriteAsync(new UnverifiedReplicaChunk { Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, read)) }, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
