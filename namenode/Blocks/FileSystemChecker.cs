using DataLocal.NameNode.Namespace;
using DataLocal.Protocol.Client;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// `fs fsck` on the namenode: every block of every file under a path, judged against the block map
/// the replication monitor works from, so the two never disagree about what is under-replicated.
/// </summary>
public sealed class FileSystemChecker(NamespaceManager namespaceManager, BlockMap blockMap)
{
    public const string UnderReplicated = "UNDER_REPLICATED";
    public const string Corrupt = "CORRUPT";
    public const string Missing = "MISSING";

    public FsckReply Check(string path)
    {
        var files = namespaceManager.FilesUnder(path);
        var reply = new FsckReply { Files = files.Count };
        foreach (var file in files)
        {
            foreach (var block in file.Blocks)
            {
                reply.Blocks++;
                var state = blockMap.StateOf(block.BlockId);
                var live = state?.Good.Count ?? 0;
                var corrupt = state?.Corrupt.Count ?? 0;
                // No good replica: CORRUPT while replicas that failed checksums are left to rebuild from, else MISSING.
                var status = live == 0 ? (corrupt > 0 ? Corrupt : Missing) : live < file.Replication ? UnderReplicated : null;
                if (status is null)
                {
                    continue;
                }
                switch (status)
                {
                    case Corrupt:
                        reply.Corrupt++;
                        break;
                    case Missing:
                        reply.Missing++;
                        break;
                    default:
                        reply.UnderReplicated++;
                        break;
                }
                reply.Problems.Add(new FsckBlockProblem
                {
                    Path = file.Path, BlockId = block.BlockId, Live = live, Corrupt = corrupt, Expected = file.Replication, Status = status,
                });
            }
        }
        return reply;
    }
}
