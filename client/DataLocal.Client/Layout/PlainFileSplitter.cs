using DataLocal.Common.Parquet;
namespace DataLocal.Client.Layout;

/// <summary>Splits a file that is not Parquet at fixed block-size offsets, as HDFS does.</summary>
public static class PlainFileSplitter
{
    /// <summary>Blocks of <paramref name="blockSize"/> bytes (the last one shorter) covering <paramref name="fileLength"/> bytes.</summary>
    public static IReadOnlyList<BlockRange> Split(long fileLength, long blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var blocks = new List<BlockRange>();
        for (long offset = 0; offset < fileLength; offset += blockSize)
        {
            blocks.Add(new BlockRange(offset, Math.Min(blockSize, fileLength - offset), -1, 0, 0, []));
        }
        return blocks;
    }
}
