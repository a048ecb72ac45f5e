using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;

namespace DataLocal.NamenodeBench;

/// <summary>
/// Writes a namespace of plain (non-Parquet) files straight into a namenode's LiteDB directory, one
/// directory per transaction, as committed writes would have left it. Building a million blocks through
/// the write RPCs would take this machine an hour; the RPC path is measured separately on top of it.
/// </summary>
public sealed record SyntheticNamespace(int Blocks, int BlocksPerFile, int FilesPerDirectory)
{
    public const long BlockLength = 128L * 1024 * 1024;
    public const long GenerationStamp = 7;
    public const int Replication = 3;

    public int Files => (Blocks + BlocksPerFile - 1) / BlocksPerFile;

    public int Directories => (Files + FilesPerDirectory - 1) / FilesPerDirectory;

    /// <summary>Synthetic block ids start at 1: the namenode's own sequence starts above 2^30, so new writes never collide.</summary>
    public static long BlockId(int index) => index + 1L;

    public string FilePath(int file) => $"/bench/d{file / FilesPerDirectory:D5}/f{file % FilesPerDirectory:D5}";

    public IEnumerable<(long BlockId, long Length)> AllBlocks() =>
        Enumerable.Range(0, Blocks).Select(i => (BlockId(i), BlockLength));

    public void WriteTo(string directory)
    {
        using var store = new MetadataStore(directory);
        var namespaceManager = new NamespaceManager(store, TimeProvider.System);
        for (var d = 0; d < Directories; d++)
        {
            var first = d * FilesPerDirectory;
            var files = Enumerable.Range(first, Math.Min(FilesPerDirectory, Files - first)).Select(NewFile).ToList();
            namespaceManager.CommitDirectory($"/bench/d{d:D5}", files);
        }
    }

    private INodeRecord NewFile(int file)
    {
        var firstBlock = file * BlocksPerFile;
        var blocks = Enumerable.Range(firstBlock, Math.Min(BlocksPerFile, Blocks - firstBlock))
            .Select((b, i) => new BlockRecord { BlockId = BlockId(b), Offset = i * BlockLength, Length = BlockLength, GenerationStamp = GenerationStamp })
            .ToList();
        return new INodeRecord { Path = FilePath(file), Length = blocks.Count * BlockLength, Replication = Replication, BlockSize = BlockLength, Blocks = blocks };
    }
}
