using DataLocal.Common.Security;
using DataLocal.NameNode.Grpc;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Security;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// "Where are this file's blocks": the namenode's whole locate operation, from the permission check to each
/// block's live replicas and read token. Apart from the RPC that carries it, so the namenode's own cost per
/// locate can be measured alone (as HDFS's NNThroughputBenchmark measures its "open").
/// </summary>
public sealed class FileBlockLocations(
    NamespaceManager namespaceManager,
    BlockLocator locator,
    BlockMap blockMap,
    BlockTokenKeys blockTokens,
    PermissionChecker permissions)
{
    public GetBlockLocationsReply Locate(CallerIdentity caller, string path)
    {
        ArgumentNullException.ThrowIfNull(caller);
        permissions.CheckAccess(caller, path, FsAction.Read);
        var file = namespaceManager.Get(path);
        if (file.IsDirectory)
        {
            throw new NamespaceException(NamespaceError.IsADirectory, $"{file.Path}: Is a directory");
        }
        // Rebuilding a corrupt block stores it again: only for a caller who may write the file.
        var mayRebuild = permissions.Allows(caller, path, FsAction.Write);
        var reply = new GetBlockLocationsReply { Status = file.ToStatus(), ParquetFooter = file.ParquetFooter.ToByteString() };
        foreach (var block in file.Blocks)
        {
            var located = new LocatedBlock { Block = block.ToProto() };
            located.Replicas.AddRange(locator.LiveReplicas(block.BlockId).Select(n => n.ToAddress()));
            located.CorruptReplicas.AddRange(locator.LiveCorruptReplicas(block.BlockId).Select(n => n.ToAddress()));
            located.BlockToken = ReadToken(caller.Name, block.BlockId, corrupt: mayRebuild && located.Replicas.Count == 0 && located.CorruptReplicas.Count > 0);
            reply.Blocks.Add(located);
        }
        return reply;
    }

    // A corrupt block (no good replica left) can only be read unverified and stored again rebuilt, by
    // `fs fsck --recover`: for a caller who may write the file, its grant includes WRITE for that, and
    // datanodes still refuse to replace a good replica.
    private BlockToken ReadToken(string user, long blockId, bool corrupt) => corrupt
        ? blockTokens.Issue(user, blockId, blockMap.GenerationStampOf(blockId), BlockAccessMode.Read, BlockAccessMode.Write)
        : blockTokens.Issue(user, blockId, blockMap.GenerationStampOf(blockId), BlockAccessMode.Read);
}
