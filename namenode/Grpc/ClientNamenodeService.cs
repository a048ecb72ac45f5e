using DataLocal.Common.Security;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Security;
using DataLocal.NameNode.Writes;
using DataLocal.Protocol.Client;
using DataLocal.Protocol.Security;
using Grpc.Core;

namespace DataLocal.NameNode.Grpc;

/// <summary>
/// The client-facing RPCs: each checks its input and the caller's permissions (<see cref="PermissionChecker"/>),
/// calls one module, and maps the answer back. Calls on an open write (AddBlock, CompleteFile…) name it by its
/// write id, an unguessable capability handed only to the caller that passed CreateFile's checks.
/// </summary>
public sealed class ClientNamenodeService(
    NamespaceManager namespaceManager,
    WriteCoordinator writes,
    FileBlockLocations fileBlockLocations,
    BlockInvalidator invalidator,
    BlockMap blockMap,
    ReaderCorruptionReports corruptionReports,
    FileSystemChecker checker,
    SafeMode safeMode,
    BlockTokenKeys blockTokens,
    PermissionChecker permissions) : ClientNamenode.ClientNamenodeBase
{
    public override Task<FsckReply> Fsck(PathRequest request, ServerCallContext context) => Task.FromResult(checker.Check(request.Path));

    public override Task<MkdirsReply> Mkdirs(MkdirsRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"create {request.Path}");
        var caller = CallerIdentity.Of(context);
        // As HDFS: `mkdir -p` of a directory that exists creates nothing, so it needs only to reach it.
        if (request.Parents && namespaceManager.Find(request.Path) is { IsDirectory: true })
        {
            permissions.CheckTraverse(caller, request.Path);
        }
        else
        {
            permissions.CheckParent(caller, request.Path, FsAction.Write);
        }
        namespaceManager.Mkdirs(request.Path, request.Parents, caller.Name);
        return Task.FromResult(new MkdirsReply());
    }

    public override Task<GetFileInfoReply> GetFileInfo(PathRequest request, ServerCallContext context)
    {
        permissions.CheckTraverse(CallerIdentity.Of(context), request.Path);
        var node = namespaceManager.Find(request.Path);
        return Task.FromResult(node is null ? new GetFileInfoReply() : new GetFileInfoReply { Exists = true, Status = node.ToStatus() });
    }

    public override Task<ListStatusReply> ListStatus(ListStatusRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Of(context);
        if (namespaceManager.Find(request.Path) is { IsDirectory: true })
        {
            permissions.CheckAccess(caller, request.Path, FsAction.ReadExecute);
        }
        else
        {
            permissions.CheckTraverse(caller, request.Path);
        }
        var reply = new ListStatusReply();
        reply.Entries.AddRange(namespaceManager.List(request.Path).Select(n => n.ToStatus()));
        return Task.FromResult(reply);
    }

    public override Task<DeleteReply> Delete(DeleteRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"delete {request.Path}");
        var caller = CallerIdentity.Of(context);
        permissions.CheckParent(caller, request.Path, FsAction.Write);
        // As HDFS: emptying a directory takes all of rwx on it, for each directory of the tree.
        permissions.CheckSubtreeDirectories(caller, request.Path, FsAction.All);
        var (files, blockIds) = namespaceManager.Delete(request.Path, request.Recursive);
        invalidator.Invalidate(blockIds);
        return Task.FromResult(new DeleteReply { FilesDeleted = files });
    }

    public override Task<RenameReply> Rename(RenameRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"move {request.Source}");
        var caller = CallerIdentity.Of(context);
        permissions.CheckParent(caller, request.Source, FsAction.Write);
        // Onto an existing directory is into it: that directory gains the name.
        if (namespaceManager.Find(request.Destination) is { IsDirectory: true })
        {
            permissions.CheckAccess(caller, request.Destination, FsAction.Write);
        }
        else
        {
            permissions.CheckParent(caller, request.Destination, FsAction.Write);
        }
        namespaceManager.Rename(request.Source, request.Destination);
        return Task.FromResult(new RenameReply());
    }

    public override Task<CreateFileReply> CreateFile(CreateFileRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"create {request.Path}");
        var caller = CallerIdentity.Of(context);
        permissions.CheckParent(caller, request.Path, FsAction.Write);
        // Overwriting replaces the file's contents: that needs write on the file as well.
        if (request.Overwrite)
        {
            permissions.CheckAccess(caller, request.Path, FsAction.Write);
        }
        var write = writes.Create(request.Path, request.Replication, request.BlockSize, request.Overwrite, caller.Name);
        return Task.FromResult(new CreateFileReply { WriteId = write.WriteId, Replication = write.Replication, BlockSize = write.BlockSize });
    }

    public override Task<AddBlockReply> AddBlock(AddBlockRequest request, ServerCallContext context)
    {
        var (blockId, pipeline) = writes.AddBlock(request.WriteId, request.ExcludedNodeIds.ToHashSet(StringComparer.Ordinal));
        var stamp = blockMap.GenerationStampOf(blockId);
        var reply = new AddBlockReply
        {
            BlockId = blockId,
            GenerationStamp = stamp,
            BlockToken = blockTokens.Issue(CallerIdentity.Of(context).Name, blockId, stamp, BlockAccessMode.Write),
        };
        reply.Pipeline.AddRange(pipeline.Select(n => n.ToAddress()));
        return Task.FromResult(reply);
    }

    public override Task<AbandonBlockReply> AbandonBlock(AbandonBlockRequest request, ServerCallContext context)
    {
        writes.AbandonBlock(request.WriteId, request.BlockId);
        return Task.FromResult(new AbandonBlockReply());
    }

    public override Task<CompleteFileReply> CompleteFile(CompleteFileRequest request, ServerCallContext context)
    {
        var file = new INodeRecord
        {
            Length = request.Length,
            IsParquet = request.IsParquet,
            ParquetFooter = request.IsParquet ? request.ParquetFooter.ToByteArray() : null,
            Sha256 = string.IsNullOrEmpty(request.Sha256) ? null : request.Sha256,
            Blocks = [.. request.Blocks.Select(b => b.ToRecord())],
        };
        writes.Complete(request.WriteId, file);
        return Task.FromResult(new CompleteFileReply());
    }

    public override Task<AbandonFileReply> AbandonFile(AbandonFileRequest request, ServerCallContext context)
    {
        writes.Abandon(request.WriteId);
        return Task.FromResult(new AbandonFileReply());
    }

    public override Task<GetBlockLocationsReply> GetBlockLocations(PathRequest request, ServerCallContext context) =>
        Task.FromResult(fileBlockLocations.Locate(CallerIdentity.Of(context), request.Path));

    public override Task<SetPermissionReply> SetPermission(SetPermissionRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"chmod {request.Path}");
        PermissionBits.Validate(request.Mode);
        permissions.CheckOwner(CallerIdentity.Of(context), request.Path, request.Recursive);
        return Task.FromResult(new SetPermissionReply { Changed = namespaceManager.SetMode(request.Path, request.Mode, request.Recursive) });
    }

    public override Task<SetOwnerReply> SetOwner(SetOwnerRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"chown {request.Path}");
        var owner = string.IsNullOrEmpty(request.Owner) ? null : request.Owner;
        var group = string.IsNullOrEmpty(request.Group) ? null : request.Group;
        if (owner is null && group is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "chown needs an owner, a group, or both (OWNER[:GROUP])"));
        }
        permissions.CheckChangeOwner(CallerIdentity.Of(context), request.Path, owner, group, request.Recursive);
        return Task.FromResult(new SetOwnerReply { Changed = namespaceManager.SetOwner(request.Path, owner, group, request.Recursive) });
    }

    public override Task<SetReplicationReply> SetReplication(SetReplicationRequest request, ServerCallContext context)
    {
        safeMode.CheckWritable($"setrep {request.Path}");
        if (request.Replication is < 1 or > short.MaxValue)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"replication must be at least 1, not {request.Replication}"));
        }
        // As HDFS: changing how many copies a file has needs write access to it.
        permissions.CheckAccess(CallerIdentity.Of(context), request.Path, FsAction.Write);
        if (namespaceManager.SetReplication(request.Path, request.Replication) is not { } file)
        {
            return Task.FromResult(new SetReplicationReply { Changed = false });
        }
        // The replication monitor compares each block's replicas with this and copies or trims.
        blockMap.Expect(file.Replication, file.Blocks.Select(b => (b.BlockId, b.Length)));
        return Task.FromResult(new SetReplicationReply { Changed = true });
    }

    public override Task<ReportBadReplicaReply> ReportBadReplica(ReportBadReplicaRequest request, ServerCallContext context)
    {
        corruptionReports.Report(request.BlockId, request.NodeId);
        return Task.FromResult(new ReportBadReplicaReply());
    }
}
