namespace DataLocal.DataNode.Compute;

/// <summary>
/// One task's input: the bytes of a Parquet file's block (a local replica or bytes fetched into memory,
/// positioned by the caller-owned seekable <see cref="BlockData"/>), where the block starts in the original
/// file, the file's length and footer (which the namenode keeps), and the row groups the block holds.
/// </summary>
/// <param name="BlockData">Seekable stream over the block's bytes only; the caller disposes it.</param>
/// <param name="BlockOffset">Offset of the block's first byte in the original file.</param>
/// <param name="FileLength">Length of the original file.</param>
/// <param name="Footer">The file's last bytes: Thrift metadata, its 4-byte length, and "PAR1".</param>
/// <param name="FirstRowGroup">Index of the block's first row group in the file.</param>
/// <param name="RowGroupCount">How many row groups the block holds.</param>
public sealed record BlockInput(
    Stream BlockData,
    long BlockOffset,
    long FileLength,
    byte[] Footer,
    int FirstRowGroup,
    int RowGroupCount)
{
    /// <summary>A block held in memory (e.g. fetched from another datanode).</summary>
    public static BlockInput FromBytes(
        byte[] block, long blockOffset, long fileLength, byte[] footer, int firstRowGroup, int rowGroupCount)
    {
        ArgumentNullException.ThrowIfNull(block);
        return new BlockInput(new MemoryStream(block, writable: false), blockOffset, fileLength, footer, firstRowGroup, rowGroupCount);
    }
}
